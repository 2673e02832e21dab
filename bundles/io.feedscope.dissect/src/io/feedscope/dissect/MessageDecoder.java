package io.feedscope.dissect;

import java.nio.ByteBuffer;

/**
 * Reads every field of a whole message of a known type in one call ({@link FeedMessage#readFields(long[])}),
 * as {@link FeedMessage#getLong(int)} would read each: a protocol's layouts lowered once per message type, so
 * that the per-message work is straight reads at precomputed offsets.
 * <p>
 * Two kinds, chosen per protocol by {@link #of(Protocol)}: the {@link PlanDecoder} (one branch-free row per type)
 * where it covers any of a protocol's types (all of ITCH 5.0), else the {@link InterpretedDecoder} (flat per-type
 * arrays), which serves every description, including ones installed at run time, and the types a plan leaves out.
 * Both give the same values (DecoderPathsTest, over every message of the real captures).
 */
abstract class MessageDecoder {

	/**
	 * {@code -Dfeedscope.decoder=interpreted} (or any value but {@code plan}): never use a plan (benchmarks and
	 * DecoderPathsTest compare the two)
	 */
	static final String PROPERTY = "feedscope.decoder";

	/**
	 * Reads every field of a message, in wire order ({@link Protocol#messageTypeFields(int)}).
	 *
	 * @param b the frame, big-endian, read with absolute gets
	 * @param off the message's first byte
	 * @param type the message's type index, a known type ({@code < messageTypeCount()}) whose spec length the
	 *        message holds (the caller checks both)
	 * @param dst receives the values
	 * @param m the message (for a derived field, computed from its stream's state rather than read)
	 * @return the number of fields written, or -1 when this decoder does not cover the type (the caller then
	 *         reads field by field)
	 */
	abstract int decode(ByteBuffer b, int off, int type, long[] dst, FeedMessage m);

	/**
	 * @return the plan of the protocol's types where it covers any (the types it does not cover are read by the
	 *         interpreted decoder), else an interpreted one
	 */
	static MessageDecoder of(Protocol p) {
		String choice = System.getProperty(PROPERTY);
		if (choice == null || "plan".equals(choice)) {
			MessageDecoder plan = PlanDecoder.of(p);
			if (plan != null) {
				return plan;
			}
		}
		return new InterpretedDecoder(p);
	}
}
