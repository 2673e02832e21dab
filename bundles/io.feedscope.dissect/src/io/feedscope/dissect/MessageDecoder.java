package io.feedscope.dissect;

import java.nio.ByteBuffer;

/**
 * Reads every field of a whole message of a known type in one call ({@link FeedMessage#readFields(long[])}),
 * as {@link FeedMessage#getLong(int)} would read each: a protocol's layouts lowered once per message type, so
 * that the per-message work is straight reads at precomputed offsets.
 * <p>
 * Two kinds, chosen per protocol by {@link #of(Protocol)}: a decoder generated as Java source from a built-in
 * description ({@link DecoderSource}; one switch case per message type, every offset and width a constant, as
 * SBE generates its codecs) when the protocol's layouts are exactly the ones it was generated from, else the
 * {@link InterpretedDecoder} (flat per-type arrays), which serves every description, including ones installed
 * at run time. Both give the same values (DecoderPathsTest, over every message of the real captures). A third, the
 * {@link PlanDecoder} (one branch-free row per type), is chosen first where it covers a protocol's types (all of ITCH
 * 5.0): in JMH it read ITCH faster than the generated switch.
 */
abstract class MessageDecoder {

	/**
	 * {@code -Dfeedscope.decoder=interpreted}: never use a plan or a generated decoder; {@code generated}: a generated
	 * decoder where there is one, no plan (benchmarks and DecoderPathsTest compare the three)
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
	 *         interpreted decoder), else the generated decoder made from exactly this protocol's layouts, else an
	 *         interpreted one
	 */
	static MessageDecoder of(Protocol p) {
		String choice = System.getProperty(PROPERTY);
		if (choice == null || "plan".equals(choice)) {
			MessageDecoder plan = PlanDecoder.of(p);
			if (plan != null) {
				return plan;
			}
		}
		if (!"interpreted".equals(choice)) {
			MessageDecoder generated = GeneratedDecoders.find(p);
			if (generated != null) {
				return generated;
			}
		}
		return new InterpretedDecoder(p);
	}
}
