package com.example.feeds.test;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.Summary;

/**
 * A team's check as small as they come: the data packets and messages of each session, kept in the
 * session's slot (two counters, nothing per packet), written to the report and the summary's details.
 */
public final class PacketCountCheck implements FeedCheck {

	/** per session */
	private static final class Counts {
		long fPackets;
		long fMessages;
	}

	private int fSlot;

	@Override
	public void start(CheckContext context) {
		fSlot = context.slot();
	}

	@Override
	public void onPacket(PacketView event, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (role == PacketRole.LINE_DATA && session != null) {
			Counts c = session.checkState(fSlot, Counts::new);
			c.fPackets++;
			c.fMessages += event.messageCount();
		}
	}

	@Override
	public void writeSession(FeedSession session, JsonWriter json) {
		Counts c = session.checkState(fSlot, Counts::new);
		// the report writes a plug-in check's members under its id: these become
		// "com.example.feeds.test.packets.data_packets" and "com.example.feeds.test.packets.messages"
		json.name("data_packets").value(c.fPackets);
		json.name("messages").value(c.fMessages);
	}

	@Override
	public void summarize(FeedSession session, Summary summary) {
		Counts c = session.checkState(fSlot, Counts::new);
		summary.detail("example check: " + session.displayName() + ": " + c.fPackets + " data packets, " + c.fMessages
				+ " messages");
	}
}
