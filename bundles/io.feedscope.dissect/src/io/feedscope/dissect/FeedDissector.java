package io.feedscope.dissect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.PacketLayers;

/**
 * Decodes frames into feed packets: link layers (via {@link PacketLayers}), then the framing
 * protocol the bindings choose (MoldUDP64, MoldUDP), then the feed messages inside (ITCH).
 * <p>
 * A reusable flyweight, <b>not thread-safe</b>: use one per thread. {@link #dissect} overwrites the
 * single {@link FeedPacket} it returns, so read what you need before the next call. Nothing is
 * allocated per message; a packet allocates only when something is wrong (expert items) or when a
 * caller asks for a String.
 * <p>
 * Never throws on bad bytes: a broken frame is {@link PacketKind#MALFORMED} or carries
 * {@link ExpertItem}s.
 */
public final class FeedDissector {

	private final ProtocolSet fProtocols;
	private final PacketLayers fLayers = new PacketLayers();
	private final FeedPacket fPacket;

	/** @param protocols the protocols and bindings to use */
	public FeedDissector(ProtocolSet protocols) {
		fProtocols = protocols;
		fPacket = new FeedPacket(protocols, fLayers);
	}

	/**
	 * For reading a capture front to back (analysis): a UDP port on which a framing protocol's heuristic
	 * recognized a sound packet is bound to that protocol for the rest of the capture, as Wireshark binds a
	 * recognized conversation. Later packets on it are dissected without the heuristics, so a malformed one
	 * is MALFORMED with the framing protocol's reason instead of "not a feed". Not for random access:
	 * the result would depend on which frames were read before.
	 *
	 * @return this dissector
	 */
	public FeedDissector learnPorts() {
		if (fPacket.fBinder.fLearned == null) {
			fPacket.fBinder.fLearned = new LearnedBindings();
		}
		fPacket.fBinder.fLearn = true;
		return this;
	}

	/**
	 * {@link #learnPorts()} into a shared object: what this dissector learns, the others sharing it see.
	 *
	 * @param learned the bindings of the capture set, made with the same protocol set
	 * @return this dissector
	 */
	public FeedDissector learnPorts(LearnedBindings learned) {
		fPacket.fBinder.fLearned = learned;
		fPacket.fBinder.fLearn = true;
		return this;
	}

	/**
	 * For random access (packet table, details, filter) after a front-to-back pass learned the feed's ports:
	 * dissects as that pass did, learning nothing more.
	 *
	 * @param learned the bindings the pass over the same captures filled
	 * @return this dissector
	 */
	public FeedDissector useLearned(LearnedBindings learned) {
		fPacket.fBinder.fLearned = learned;
		fPacket.fBinder.fLearn = false;
		return this;
	}

	/** @return the learned bindings in use, or null if none */
	public @org.eclipse.jdt.annotation.Nullable LearnedBindings learned() {
		return fPacket.fBinder.fLearned;
	}

	/** @return the packet this dissector overwrites (for tests of the package) */
	FeedPacket packet() {
		return fPacket;
	}

	/** @return the protocols in use */
	public ProtocolSet protocols() {
		return fProtocols;
	}

	/**
	 * Decodes one frame of a capture.
	 *
	 * @param capture the capture
	 * @param frame 1-based frame number
	 * @return this dissector's packet view, overwritten by the next call
	 * @throws IndexOutOfBoundsException if the frame number is not in [1, frameCount()] (a caller's bug, not bad bytes)
	 */
	public FeedPacket dissect(CaptureFile capture, int frame) {
		return dissect(capture.frameData(frame), capture.linkType(frame), frame);
	}

	/**
	 * Decodes frames of a capture from {@code frame} on, as many at once as the capture allows, for readers that
	 * walk a whole capture and look at its messages: a record file's records (NASDAQ BinaryFILE day files) in
	 * runs of up to a few thousand, each record one message of the packet ({@link FeedMessage#frame()} says which
	 * frame), any other frame alone, as {@link #dissect(CaptureFile, int)} does. A run holds only records that,
	 * dissected alone, would be a sound message with no expert item; a record that is not starts a packet of its
	 * own, dissected alone. So the messages, fields and expert items are those of dissecting frame after frame:
	 * <pre>
	 * for (int f = 1; f &lt;= capture.frameCount(); f += p.frameSpan()) {
	 *     p = dissector.dissectFrames(capture, f); ...
	 * </pre>
	 * A run's messages lie in one buffer ({@link FeedPacket#buffer()}), their offsets are in it.
	 *
	 * @param capture the capture
	 * @param frame 1-based number of the first frame
	 * @return this dissector's packet view, overwritten by the next call; {@link FeedPacket#frameSpan()} frames
	 * @throws IndexOutOfBoundsException if the frame number is not in [1, frameCount()]
	 */
	public FeedPacket dissectFrames(CaptureFile capture, int frame) {
		if (fPacket.decodeRecords(capture, frame)) {
			return fPacket;
		}
		return dissect(capture, frame);
	}

	/**
	 * Decodes one frame given as bytes.
	 *
	 * @param frame the frame from position 0 to limit (read with absolute gets; position untouched)
	 * @param linkType an {@link io.feedscope.capture.LinkType} value
	 * @param frameNumber frame number for expert items (0 if none)
	 * @return this dissector's packet view, overwritten by the next call
	 */
	public FeedPacket dissect(ByteBuffer frame, int linkType, int frameNumber) {
		ByteBuffer b = frame.order() == ByteOrder.BIG_ENDIAN ? frame : frame.duplicate().order(ByteOrder.BIG_ENDIAN);
		if (b.position() != 0) {
			b = b.slice().order(ByteOrder.BIG_ENDIAN);
		}
		fPacket.decode(b, linkType, frameNumber);
		return fPacket;
	}

	/**
	 * Decodes one frame held in an array: what {@link #dissect(ByteBuffer, int, int)} gives for a buffer over
	 * [offset, offset + length) of it, with no buffer made per frame ({@link FeedPacket#buffer()} makes one if
	 * asked). For readers that copy many frames into one array at once (a chunk of a mapped capture), whose frames
	 * are then read with array loads: what cold code (the launcher's C1) runs fastest. The array must hold the
	 * frame as long as the packet is read.
	 *
	 * @param frame the array
	 * @param offset index of the frame's first byte
	 * @param length the frame's captured length
	 * @param linkType an {@link io.feedscope.capture.LinkType} value
	 * @param frameNumber frame number for expert items (0 if none)
	 * @return this dissector's packet view, overwritten by the next call
	 * @throws IndexOutOfBoundsException if the range is not in the array (a caller's bug, not bad bytes)
	 */
	public FeedPacket dissect(byte[] frame, int offset, int length, int linkType, int frameNumber) {
		fPacket.decode(frame, offset, length, linkType, frameNumber);
		return fPacket;
	}

	/**
	 * Decodes a UDP payload directly, skipping the link layers (for BinaryFILE-like sources and tests):
	 * the framing protocol is chosen by the ports given and the heuristics.
	 *
	 * @param payload the bytes; the payload is [offset, offset + length)
	 * @param offset payload offset in the buffer
	 * @param length payload length
	 * @param sourcePort UDP source port (0 if unknown)
	 * @param destinationPort UDP destination port (0 if unknown)
	 * @param destinationAddress IPv4 destination as a big-endian int (0 if unknown)
	 * @param frameNumber frame number for expert items
	 * @return this dissector's packet view
	 */
	public FeedPacket dissectPayload(ByteBuffer payload, int offset, int length, int sourcePort, int destinationPort,
			int destinationAddress, int frameNumber) {
		ByteBuffer b = payload.order() == ByteOrder.BIG_ENDIAN ? payload : payload.duplicate().order(ByteOrder.BIG_ENDIAN);
		fPacket.decodePayload(b, offset, length, sourcePort, destinationPort, destinationAddress, frameNumber);
		return fPacket;
	}
}
