package io.feedscope.dissect.bench;

import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Random;

import io.feedscope.capture.LinkType;
import io.feedscope.dissect.CompileResult;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.FieldKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolCompiler;
import io.feedscope.dissect.ProtocolSet;

/**
 * The ITCH 5.0 benchmarks' common set-up ({@link ItchDecodeBench}, {@link JunctureComparisonBench}): the
 * MoldUDP64 and ITCH 5.0 descriptions compiled from the bundles, a dissector bound to the workload's port,
 * every message type's field ids, and the seeded workload of {@link ItchDecodeBench#MESSAGES} messages in
 * Ethernet/IPv4/UDP/MoldUDP64 frames, checked to decode without an expert item; and FeedScope's decode loops
 * over them. One copy, so the two benchmarks decode the same frames the same way, and a FeedScope figure of
 * one benchmark means what the same-named figure of the other means.
 */
final class ItchWorkload {

	final FeedDissector fDissector;
	/** per message type index (the last: unknown types), the ids of its fields in order */
	final int[][] fIds;
	/** per message type index, which of its fields are ASCII */
	final boolean[][] fText;
	final ByteBuffer[] fFrames;
	/**
	 * the same frames copied one after the other into one heap array, as a chunk of a capture is read for the
	 * analysis's dissecting workers (their entry: {@link FeedDissector#dissect(byte[], int, int, int, int)})
	 */
	final byte[] fArray;
	final int[] fArrayAt;
	final int[] fArrayLength;

	/**
	 * @param mix the message type letters to draw from
	 * @throws IllegalStateException when a frame decodes with an expert item or the frames do not hold
	 *         {@link ItchDecodeBench#MESSAGES} messages
	 */
	ItchWorkload(char[] mix) throws IOException {
		Protocol mold = compile("/protocols/moldudp64.fsp");
		Protocol itch = compile("/protocols/itch50.fsp");
		ProtocolSet set = ProtocolSet.builder().add(mold).add(itch).bindPorts("moldudp64", 26477, 26477).build();
		fDissector = new FeedDissector(set);
		int types = itch.messageTypeCount();
		fIds = new int[types + 1][];
		fText = new boolean[types + 1][];
		for (int t = 0; t <= types; t++) {
			var fields = itch.messageTypeFields(t);
			fIds[t] = new int[fields.size()];
			fText[t] = new boolean[fields.size()];
			for (int k = 0; k < fields.size(); k++) {
				FieldInfo f = fields.get(k);
				fIds[t][k] = f.id();
				fText[t][k] = f.kind() == FieldKind.ASCII;
			}
		}
		fFrames = workload(new Random(5), mix);
		fArrayAt = new int[fFrames.length];
		fArrayLength = new int[fFrames.length];
		int bytes = 0;
		for (ByteBuffer f : fFrames) {
			bytes += f.remaining();
		}
		fArray = new byte[bytes];
		for (int k = 0, at = 0; k < fFrames.length; k++) {
			int len = fFrames[k].remaining();
			fFrames[k].get(fFrames[k].position(), fArray, at, len);
			fArrayAt[k] = at;
			fArrayLength[k] = len;
			at += len;
		}
		// sanity: the workload decodes without a single expert item and has the promised size
		int n = 0;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			if (!p.expertItems().isEmpty()) {
				throw new IllegalStateException(p.expertItems().toString());
			}
			n += p.messageCount();
		}
		if (n != ItchDecodeBench.MESSAGES) {
			throw new IllegalStateException(n + " messages");
		}
	}

	/** Full decode: frame layers, MoldUDP64, every field of every message via {@code getLong(id)}. */
	long everyField() {
		long acc = 0;
		int[][] idsByType = fIds;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			FeedMessage m = p.messages();
			while (m.next()) {
				int[] ids = idsByType[m.type()];
				acc += m.msgseq();
				for (int id : ids) {
					acc += m.getLong(id);
				}
			}
		}
		return acc;
	}

	/** Full decode through the bulk path: {@code readFields(long[])} fills every field of the message. */
	long everyFieldBulk(long[] values) {
		long acc = 0;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			FeedMessage m = p.messages();
			while (m.next()) {
				int n = m.readFields(values);
				acc += m.msgseq();
				for (int k = 0; k < n; k++) {
					acc += values[k];
				}
			}
		}
		return acc;
	}

	/**
	 * As {@link #everyFieldBulk(long[])}, but what reads the values reads one of each message, as the juncture
	 * benchmark's listener does: every field is still decoded into {@code values} (an array the caller keeps, so
	 * no store is dead), the consumer's own work is the same on both sides.
	 */
	long everyFieldBulkOneRead(long[] values) {
		long acc = 0;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			FeedMessage m = p.messages();
			while (m.next()) {
				int n = m.readFields(values);
				acc += values[n - 1];
			}
		}
		return acc;
	}

	/**
	 * {@link #everyFieldBulkOneRead(long[])} of the frames in one array ({@link #fArray}), the analysis's and decode's
	 * entry: the packets dissected from the array, their messages read from it.
	 */
	long everyFieldBulkOneReadArray(long[] values) {
		long acc = 0;
		byte[] a = fArray;
		int[] at = fArrayAt;
		int[] len = fArrayLength;
		for (int k = 0; k < at.length; k++) {
			FeedMessage m = fDissector.dissect(a, at[k], len[k], LinkType.ETHERNET, 0).messages();
			while (m.next()) {
				int n = m.readFields(values);
				acc += values[n - 1];
			}
		}
		return acc;
	}

	/** As {@link #everyField()}, but ASCII fields are copied into {@code scratch} (bulk get) instead of read as a long. */
	long everyFieldCopyingText(byte[] scratch) {
		long acc = 0;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			FeedMessage m = p.messages();
			while (m.next()) {
				int t = m.type();
				int[] ids = fIds[t];
				boolean[] text = fText[t];
				acc += m.msgseq();
				for (int k = 0; k < ids.length; k++) {
					if (text[k]) {
						acc += m.copyBytes(ids[k], scratch) + scratch[0];
					} else {
						acc += m.getLong(ids[k]);
					}
				}
			}
		}
		return acc;
	}

	/** Framing only: layers, MoldUDP64 header and blocks, message typing and length checks. */
	long framingOnly() {
		long acc = 0;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			acc += p.messageCount();
		}
		return acc;
	}

	/**
	 * {@link #framingOnly()} of the frames in one array ({@link #fArray}): the analysis's entry, where a frame of a
	 * conversation with a plan is dissected by it (FeedPacket's fused path) unless the framing's fast paths or the
	 * plans alone were switched off as the dissector was made.
	 */
	long framingOnlyArray() {
		long acc = 0;
		byte[] a = fArray;
		int[] at = fArrayAt;
		int[] len = fArrayLength;
		for (int k = 0; k < at.length; k++) {
			FeedPacket p = fDissector.dissect(a, at[k], len[k], LinkType.ETHERNET, 0);
			acc += p.messageCount();
		}
		return acc;
	}

	/** A workload's set-up, which may throw. */
	interface Maker<T> {
		T make() throws IOException;
	}

	/**
	 * Makes a workload with the system property {@code name} set to {@code value} while it is made (the dissector and
	 * the protocols read their switches then: {@code feedscope.decoder}, {@code feedscope.framing}), and as it was
	 * afterwards.
	 */
	static <T> T withProperty(String name, String value, Maker<T> maker) throws IOException {
		String before = System.getProperty(name);
		System.setProperty(name, value);
		try {
			return maker.make();
		} finally {
			if (before == null) {
				System.clearProperty(name);
			} else {
				System.setProperty(name, before);
			}
		}
	}

	/** ITCH 5.0 message lengths by type letter (the day-file benchmark writes its records with them too) */
	static final int[] LENGTH = new int[128];
	static {
		String[] spec = { "S12", "R39", "H25", "Y20", "L26", "V35", "W12", "K28", "J35", "h21", "A36", "F40", "E31", "C36", "X23", "D19",
				"U35", "P44", "Q40", "B19", "I50", "N20", "O48" };
		for (String s : spec) {
			LENGTH[s.charAt(0)] = Integer.parseInt(s.substring(1));
		}
	}

	static Protocol compile(String resource) throws IOException {
		URL url = Objects.requireNonNull(ItchWorkload.class.getResource(resource), resource);
		CompileResult r = ProtocolCompiler.compile(url);
		if (r.protocol() == null) {
			throw new IllegalStateException(r.diagnostics().toString());
		}
		return r.protocol();
	}

	/**
	 * Frames as read-only slices of one direct buffer, like frames of a memory-mapped capture.
	 *
	 * @param mix the message type letters to draw from (a letter twice is drawn twice as often)
	 */
	static ByteBuffer[] workload(Random r, char[] mix) {
		ByteBuffer all = ByteBuffer.allocateDirect(ItchDecodeBench.MESSAGES * 56 + 4096);
		java.util.List<int[]> bounds = new java.util.ArrayList<>();
		long seq = 1;
		int left = ItchDecodeBench.MESSAGES;
		while (left > 0) {
			int n = Math.min(left, 1 + r.nextInt(40));
			ByteBuffer payload = ByteBuffer.allocate(20 + n * 52);
			payload.put("BENCH00001".getBytes()).putLong(seq).putShort((short) n);
			for (int k = 0; k < n; k++) {
				char type = mix[r.nextInt(mix.length)];
				int len = LENGTH[type];
				payload.putShort((short) len);
				int start = payload.position();
				for (int b = 0; b < len; b++) {
					payload.put((byte) (' ' + r.nextInt(90)));
				}
				payload.put(start, (byte) type);
			}
			int plen = payload.position();
			int start = all.position();
			all.put(new byte[] { 1, 0, 0x5e, 0x36, 0x0c, 0x6f, 2, 0, 0, 0, 0, 1 }).putShort((short) 0x0800);
			all.put((byte) 0x45).put((byte) 0).putShort((short) (28 + plen)).putInt(0).put((byte) 64).put((byte) 17).putShort((short) 0);
			all.putInt(0x0a000001).putInt(0xe9360c6f);
			all.putShort((short) 5000).putShort((short) 26477).putShort((short) (8 + plen)).putShort((short) 0);
			all.put(payload.array(), 0, plen);
			bounds.add(new int[] { start, all.position() - start });
			seq += n;
			left -= n;
		}
		ByteBuffer ro = all.asReadOnlyBuffer();
		ByteBuffer[] frames = new ByteBuffer[bounds.size()];
		for (int k = 0; k < frames.length; k++) {
			frames[k] = ro.slice(bounds.get(k)[0], bounds.get(k)[1]);
		}
		return frames;
	}
}
