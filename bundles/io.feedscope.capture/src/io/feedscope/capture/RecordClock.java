package io.feedscope.capture;

import java.nio.ByteBuffer;

/**
 * The time of a record in a record file (NASDAQ BinaryFILE), read from the record's content by the layer
 * that knows the feed: the capture layer frames the records and knows the file's day (from its name), never
 * what the bytes of a record mean. The dissection layer provides one from its protocol descriptions (the
 * field a feed's description gives the role {@code timestamp}).
 */
@FunctionalInterface
public interface RecordClock {

	/** No clock: every record takes the file's midnight (or 0). */
	RecordClock NONE = record -> -1;

	/**
	 * @param record one record's bytes without its length prefix, position 0 to limit, big-endian; read with
	 *        absolute gets only
	 * @return nanoseconds since midnight the record carries, or -1 if it carries none (too short, unknown
	 *         type): such a record takes the time of the record before it
	 */
	long timeOfDayNanos(ByteBuffer record);
}
