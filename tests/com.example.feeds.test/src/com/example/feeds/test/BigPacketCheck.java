package com.example.feeds.test;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.Annotation;
import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.Severity;

/**
 * A team's check that draws in the chart: line DATA packets carrying at least {@code min_messages} messages
 * (an option declared in plugin.xml), each a finding whose annotations mark the packet and put a triangle
 * over its last message. Off by default, as a noisy check should be; the workbench's Checks preference page
 * turns it on. Works on any feed: it reads the packet's count only.
 */
public final class BigPacketCheck implements FeedCheck {

	/** the id in plugin.xml */
	public static final String ID = "com.example.feeds.test.bigpackets";

	/** per session */
	private static final class Counts {
		long fBig;
	}

	private @Nullable CheckContext fContext;
	private long fMin;

	@Override
	public void start(CheckContext context) {
		fContext = context;
		fMin = context.longOption("min_messages");
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		CheckContext c = fContext;
		if (c == null || role != PacketRole.LINE_DATA || session == null || line == null || e.messageCount() < fMin) {
			return;
		}
		session.checkState(c.slot(), Counts::new).fBig++;
		String label = "big packet: " + e.messageCount() + " msgs";
		c.report(c.finding(Severity.WARNING).session(session).line(line).range(e.firstSeq(), e.lastSeq())
				.time(e.timeNanos(), e.timeNanos()).frames(e.frameRef())
				.message("line {line} sent " + e.messageCount() + " messages in one packet (frame " + e.frame() + ")")
				.annotate(Annotation.packet(Severity.WARNING, line, e.frameRef(), label))
				.annotate(new Annotation.Glyph(Annotation.Kind.NOTE, Severity.WARNING, line, e.timeNanos(), e.lastSeq(),
						Annotation.Shape.TRIANGLE, label))
				.build());
	}

	@Override
	public void writeSession(FeedSession session, JsonWriter json) {
		CheckContext c = fContext;
		long n = c == null ? 0 : session.checkState(c.slot(), Counts::new).fBig;
		// written as "count"; the report names it "com.example.feeds.test.bigpackets.count"
		json.member("count", n).member("min_messages", fMin);
	}
}
