package io.feedscope.capture;

import java.nio.ByteOrder;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A pcapng section (Section Header Block and what follows it up to the next one).
 *
 * @param number 0-based, in file order
 * @param offset byte offset of the Section Header Block
 * @param byteOrder the byte order of the section
 * @param majorVersion version of the format, 1
 * @param minorVersion 0
 * @param hardware shb_hardware, or null
 * @param os shb_os, or null
 * @param application shb_userappl, or null
 * @param comments opt_comment values, in file order
 */
public record CaptureSection(int number, long offset, ByteOrder byteOrder, int majorVersion, int minorVersion,
		@Nullable String hardware, @Nullable String os, @Nullable String application, List<String> comments) {

	public CaptureSection {
		comments = List.copyOf(comments);
	}
}
