package io.feedscope.capture;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A capture interface: a pcapng Interface Description Block, or the single implicit interface of the
 * formats that have none (pcap, BinaryFILE).
 *
 * @param id index in {@link CaptureFile#interfaces()}: interfaces of all sections numbered in file order
 * @param section 0-based number of the pcapng section that defines it (0 for other formats)
 * @param localId the pcapng interface id, which frames of that section use and
 *        {@link CaptureFile#interfaceId(int)} returns (0 for other formats)
 * @param linkType a {@link LinkType} value (LINKTYPE_* numbering)
 * @param snapLength the capture's snaplen, 0 if unlimited or unknown
 * @param tsResolution pcapng if_tsresol as in the file (bit 7 clear: 10^-n s, set: 2^-n s); 6 when
 *        absent, 9 for nanosecond pcap
 * @param tsOffsetSeconds pcapng if_tsoffset, added to every timestamp of the interface (already applied
 *        to {@link CaptureFile#timestampNanos(int)})
 * @param name if_name, or null
 * @param description if_description, or null
 * @param comments opt_comment values, in file order
 */
public record CaptureInterface(int id, int section, int localId, int linkType, int snapLength, int tsResolution,
		long tsOffsetSeconds, @Nullable String name, @Nullable String description, List<String> comments) {

	public CaptureInterface {
		comments = List.copyOf(comments);
	}
}
