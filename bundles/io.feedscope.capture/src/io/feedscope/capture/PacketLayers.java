package io.feedscope.capture;

import java.nio.ByteBuffer;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Decodes the link, network and transport layers of one frame down to the UDP payload.
 * <p>
 * A reusable flyweight: {@link #decode(ByteBuffer, int)} overwrites every field, so one instance per
 * thread serves a whole capture without allocating. Only what later stages need is kept (addresses,
 * ports, VLAN tags, payload bounds, what stopped decoding); the detail view asks for the layer
 * offsets to show the headers.
 */
public final class PacketLayers {

	/** How far decoding got. */
	public enum Kind {
		/** UDP over IPv4, payload bounds valid */
		UDP,
		/** IPv4 but not UDP (TCP, ICMP, IGMP, ...) */
		OTHER_IP,
		/** a non-first IPv4 fragment, or a first fragment with more to come: not reassembled */
		IP_FRAGMENT,
		/** not IPv4 (ARP, IPv6, LLDP, ...) */
		NOT_IP,
		/** headers cut short or inconsistent; {@link #problem()} says which */
		MALFORMED,
		/** a NASDAQ BinaryFILE message, the whole frame is payload */
		NO_LINK
	}

	private static final int ETHERTYPE_IPV4 = 0x0800;
	private static final int ETHERTYPE_VLAN = 0x8100;
	private static final int ETHERTYPE_QINQ = 0x88a8;
	private static final int ETHERTYPE_QINQ_OLD = 0x9100;
	private static final int MAX_VLANS = 4;

	private Kind fKind = Kind.NOT_IP;
	private String fProblem = "";
	private final int[] fVlans = new int[MAX_VLANS];
	private final int[] fVlanTpids = new int[MAX_VLANS];
	private int fVlanCount;
	/** offset of the Ethernet header (0), -1 for other link types or a header cut short */
	private int fEthOffset = -1;
	private int fEtherType;
	private int fIpOffset = -1;
	private int fIpSrc;
	private int fIpDst;
	private int fIpProto;
	private int fUdpOffset = -1;
	private int fSrcPort;
	private int fDstPort;
	private int fPayloadOffset;
	private int fPayloadLength;
	private boolean fTruncated;

	/**
	 * Decodes a frame whose original length is not known (taken as its captured length).
	 *
	 * @param frame the frame bytes from position 0 (big-endian)
	 * @param linkType a {@link LinkType} value
	 * @return the kind found, same as {@link #kind()}
	 */
	public Kind decode(ByteBuffer frame, int linkType) {
		return decode(frame, linkType, frame.limit());
	}

	/**
	 * Decodes a frame of a capture.
	 *
	 * @return the kind found, same as {@link #kind()}
	 */
	public Kind decode(CaptureFile capture, int frame) {
		return decode(capture.frameData(frame), capture.linkType(frame), capture.originalLength(frame));
	}

	/**
	 * Decodes a frame, knowing its length on the wire: a frame cut by the snaplen is flagged
	 * {@link #isTruncated()}, and if the cut falls inside the headers the problem says so.
	 *
	 * @param frame the frame bytes from position 0 (big-endian)
	 * @param linkType a {@link LinkType} value
	 * @param originalLength the frame's length on the wire
	 * @return the kind found, same as {@link #kind()}
	 */
	public Kind decode(ByteBuffer frame, int linkType, int originalLength) {
		fBuf = frame;
		// a heap frame is read from its array: plain array loads are what cold code (interpreter, C1)
		// runs fastest; buffer accessors go through several layers of checks before they are compiled
		fArr = frame.hasArray() ? frame.array() : null;
		fArrOff = frame.hasArray() ? frame.arrayOffset() : 0;
		return decode(frame.limit(), linkType, originalLength);
	}

	/**
	 * Decodes a frame held in an array, [offset, offset + length) (a chunk of frames copied out of a capture at
	 * once): no buffer per frame, the same results as {@link #decode(ByteBuffer, int, int)} of a buffer over those
	 * bytes. The array is read again by the accessors that read the frame ({@link #ethDestination()}...): it must
	 * hold the frame until the next decode.
	 *
	 * @param frame the array
	 * @param offset index of the frame's first byte
	 * @param length the captured length
	 * @param linkType a {@link LinkType} value
	 * @param originalLength the frame's length on the wire
	 * @return the kind found, same as {@link #kind()}
	 */
	public Kind decode(byte[] frame, int offset, int length, int linkType, int originalLength) {
		if (offset < 0 || length < 0 || offset + length > frame.length) {
			throw new IndexOutOfBoundsException("frame [" + offset + ", " + offset + "+" + length + ") of " + frame.length + " bytes");
		}
		fBuf = EMPTY;
		fArr = frame;
		fArrOff = offset;
		return decode(length, linkType, originalLength);
	}

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	/**
	 * The plain Ethernet/IPv4/UDP frame alone ({@link #plainUdp}'s tests) of a frame in an array: for a caller that
	 * goes on with its own fast path when the frame is plain and with {@link #decode(byte[], int, int, int, int)}
	 * when it is not. A plain frame is decoded as that method decodes it; any other is left as it was (nothing
	 * stored), and so is every frame when the fast paths are off ({@code -Dfeedscope.framing=generic}).
	 *
	 * @param frame the array
	 * @param offset index of the frame's first byte
	 * @param length the captured length
	 * @param originalLength the frame's length on the wire
	 * @return true if the frame was decoded (kind UDP), false to decode it with the general method
	 */
	public boolean decodePlain(byte[] frame, int offset, int length, int originalLength) {
		if (offset < 0 || length < 0 || offset + length > frame.length) {
			throw new IndexOutOfBoundsException("frame [" + offset + ", " + offset + "+" + length + ") of " + frame.length + " bytes");
		}
		if (!fFast) {
			return false;
		}
		byte[] arr = fArr;
		int arrOff = fArrOff;
		fArr = frame;
		fArrOff = offset;
		if (plainUdpArray(length, originalLength)) {
			fBuf = EMPTY;
			fFastFrames++;
			return true;
		}
		// the accessors that read the frame (ethDestination()...) still read the last frame decoded
		fArr = arr;
		fArrOff = arrOff;
		return false;
	}

	/** Decodes the frame {@link #fArr} or {@link #fBuf} holds, of len bytes. */
	private Kind decode(int len, int linkType, int originalLength) {
		ByteBuffer frame = fBuf;
		if (linkType == LinkType.ETHERNET && fFast && (fArr != null ? plainUdpArray(len, originalLength) : plainUdp(len, originalLength))) {
			fFastFrames++;
			return Kind.UDP;
		}
		reset();
		fTruncated = originalLength > len;
		switch (linkType) {
		case LinkType.ETHERNET:
			return ethernet(frame, len);
		case LinkType.RAW:
		case LinkType.DLT_RAW:
		case LinkType.DLT_RAW_OPENBSD:
		case LinkType.IPV4:
			return ip(frame, 0, len);
		case LinkType.LINUX_SLL:
			if (len < 16) {
				return malformed("Linux cooked header cut short");
			}
			return etherType(frame, u16(14), 16, len);
		case LinkType.LINUX_SLL2:
			if (len < 20) {
				return malformed("Linux cooked v2 header cut short");
			}
			return etherType(frame, u16(0), 20, len);
		case LinkType.FEEDSCOPE_BINARY_FILE:
			fPayloadOffset = 0;
			fPayloadLength = len;
			return fKind = Kind.NO_LINK;
		default:
			return fKind = Kind.NOT_IP;
		}
	}

	/**
	 * Whether {@link #plainUdp} is tried: not when {@code -Dfeedscope.framing=generic} was set as this object was
	 * made (the switch that turns off the dissector's framing fast paths too), so that the general code can be run
	 * and timed alone beside it in one JVM (benchmarks, PacketLayersPathsTest).
	 */
	final boolean fFast;
	/** frames {@link #plainUdp} decoded (for the test that it ran, not only the general code) */
	long fFastFrames;

	public PacketLayers() {
		this(!"generic".equals(System.getProperty("feedscope.framing")));
	}

	/** @param fast whether to try the plain Ethernet/IPv4/UDP fast path before the general code */
	PacketLayers(boolean fast) {
		fFast = fast;
	}

	/**
	 * The fast path of the frame nearly every feed packet is: Ethernet II, untagged or one 802.1Q tag, IPv4 with a
	 * 20-byte header, not a fragment, UDP, IP and UDP lengths consistent and within the bytes captured. Seven word
	 * reads at fixed offsets, every field written once, no reset and no call per layer. Anything else (more tags,
	 * other TPIDs or EtherTypes, IP options, fragments, other protocols, lengths cut short, beyond the frame or
	 * below their minimum) leaves it without a store, and {@link #decode(ByteBuffer, int, int)} runs the general
	 * code, which handles and reports those; so what it gives is what the general code gives for the frames it
	 * takes (PacketLayersPathsTest: both on every frame of the real captures and on seeded odd frames).
	 *
	 * @return true if the frame was decoded here (kind UDP)
	 */
	private boolean plainUdp(int len, int originalLength) {
		if (len < 14 + 20 + 8) {
			return false;
		}
		int ip = 14;
		int w = s32(12); // EtherType, IPv4 version + IHL, DSCP
		int tci = -1;
		if (w >>> 16 == ETHERTYPE_VLAN) {
			if (len < 18 + 20 + 8) {
				return false;
			}
			tci = w & 0xffff;
			w = s32(16);
			ip = 18;
		}
		if (w >>> 8 != (ETHERTYPE_IPV4 << 8 | 0x45)) {
			return false; // not IPv4, or IPv4 with options
		}
		int lengthId = s32(ip + 2); // total length, identification
		int flagsTtlProto = s32(ip + 6); // flags + fragment offset, TTL, protocol
		int totalLength = lengthId >>> 16;
		int ipEnd = ip + totalLength;
		if ((flagsTtlProto & 0x3fff0000) != 0 || (flagsTtlProto & 0xff) != 17 || totalLength < 20 + 8 || ipEnd > len) {
			return false; // a fragment, not UDP, or the IP length too short or cut by the snaplen
		}
		int udp = ip + 20;
		int udpLen = u16(udp + 4);
		if (udpLen < 8 || udp + udpLen > ipEnd) {
			return false;
		}
		int ports = s32(udp);
		fKind = Kind.UDP;
		fProblem = "";
		if (tci >= 0) {
			fVlanTpids[0] = ETHERTYPE_VLAN;
			fVlans[0] = tci & 0x0fff;
			fVlanCount = 1;
		} else {
			fVlanCount = 0;
		}
		fEthOffset = 0;
		fEtherType = ETHERTYPE_IPV4;
		fIpOffset = ip;
		fIpProto = 17;
		fIpSrc = s32(ip + 12);
		fIpDst = s32(ip + 16);
		fUdpOffset = udp;
		fSrcPort = ports >>> 16;
		fDstPort = ports & 0xffff;
		fPayloadOffset = udp + 8;
		fPayloadLength = udpLen - 8;
		fTruncated = originalLength > len;
		return true;
	}

	/**
	 * {@link #plainUdp} of a frame in an array, its reads written out as array loads: the launcher's compiler (C1)
	 * inlines no read helper with a branch in it, and the helper calls were most of this path's time there. The same
	 * tests, in the same order, the same stores; PacketLayersPathsTest holds both to the general code (heap frames
	 * take this one, direct buffers the other).
	 */
	private boolean plainUdpArray(int len, int originalLength) {
		if (len < 14 + 20 + 8) {
			return false;
		}
		byte[] a = fArr;
		int o = fArrOff;
		int ip = 14;
		int at = o + 12;
		int w = a[at] << 24 | (a[at + 1] & 0xff) << 16 | (a[at + 2] & 0xff) << 8 | a[at + 3] & 0xff; // EtherType, version + IHL, DSCP
		int tci = -1;
		if (w >>> 16 == ETHERTYPE_VLAN) {
			if (len < 18 + 20 + 8) {
				return false;
			}
			tci = w & 0xffff;
			at = o + 16;
			w = a[at] << 24 | (a[at + 1] & 0xff) << 16 | (a[at + 2] & 0xff) << 8 | a[at + 3] & 0xff;
			ip = 18;
		}
		if (w >>> 8 != (ETHERTYPE_IPV4 << 8 | 0x45)) {
			return false; // not IPv4, or IPv4 with options
		}
		at = o + ip;
		int totalLength = (a[at + 2] & 0xff) << 8 | a[at + 3] & 0xff;
		int fragment = (a[at + 6] & 0x3f) << 8 | a[at + 7] & 0xff; // flags (but the reserved one) + fragment offset
		int proto = a[at + 9] & 0xff;
		int ipEnd = ip + totalLength;
		if (fragment != 0 || proto != 17 || totalLength < 20 + 8 || ipEnd > len) {
			return false; // a fragment, not UDP, or the IP length too short or cut by the snaplen
		}
		int udp = ip + 20;
		at = o + udp;
		int udpLen = (a[at + 4] & 0xff) << 8 | a[at + 5] & 0xff;
		if (udpLen < 8 || udp + udpLen > ipEnd) {
			return false;
		}
		fKind = Kind.UDP;
		fProblem = "";
		if (tci >= 0) {
			fVlanTpids[0] = ETHERTYPE_VLAN;
			fVlans[0] = tci & 0x0fff;
			fVlanCount = 1;
		} else {
			fVlanCount = 0;
		}
		fEthOffset = 0;
		fEtherType = ETHERTYPE_IPV4;
		fIpOffset = ip;
		fIpProto = 17;
		int src = o + ip + 12;
		fIpSrc = a[src] << 24 | (a[src + 1] & 0xff) << 16 | (a[src + 2] & 0xff) << 8 | a[src + 3] & 0xff;
		fIpDst = a[src + 4] << 24 | (a[src + 5] & 0xff) << 16 | (a[src + 6] & 0xff) << 8 | a[src + 7] & 0xff;
		fUdpOffset = udp;
		fSrcPort = (a[at] & 0xff) << 8 | a[at + 1] & 0xff;
		fDstPort = (a[at + 2] & 0xff) << 8 | a[at + 3] & 0xff;
		fPayloadOffset = udp + 8;
		fPayloadLength = udpLen - 8;
		fTruncated = originalLength > len;
		return true;
	}

	private ByteBuffer fBuf = ByteBuffer.allocate(0);
	private byte @Nullable [] fArr;
	private int fArrOff;

	private int u8(int at) {
		byte[] a = fArr;
		return a != null ? a[fArrOff + at] & 0xff : fBuf.get(at) & 0xff;
	}

	private int u16(int at) {
		byte[] a = fArr;
		if (a != null) {
			int i = fArrOff + at;
			return (a[i] & 0xff) << 8 | a[i + 1] & 0xff;
		}
		return fBuf.getShort(at) & 0xffff;
	}

	private int s32(int at) {
		byte[] a = fArr;
		if (a != null) {
			int i = fArrOff + at;
			return a[i] << 24 | (a[i + 1] & 0xff) << 16 | (a[i + 2] & 0xff) << 8 | a[i + 3] & 0xff;
		}
		return fBuf.getInt(at);
	}

	private void reset() {
		fKind = Kind.NOT_IP;
		fProblem = "";
		fVlanCount = 0;
		fEthOffset = -1;
		fEtherType = 0;
		fIpOffset = -1;
		fUdpOffset = -1;
		fIpSrc = fIpDst = fIpProto = 0;
		fSrcPort = fDstPort = 0;
		fPayloadOffset = fPayloadLength = 0;
		fTruncated = false;
	}

	private Kind ethernet(ByteBuffer b, int len) {
		if (len < 14) {
			return malformed("Ethernet header cut short (" + len + " bytes)");
		}
		fEthOffset = 0;
		return etherType(b, u16(12), 14, len);
	}

	/**
	 * Follows VLAN tags (802.1Q, 802.1ad, the old 0x9100), which Linux cooked captures may carry too,
	 * then the EtherType.
	 */
	private Kind etherType(ByteBuffer b, int etherType, int start, int len) {
		int type = etherType;
		int pos = start;
		while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
			if (pos + 4 > len) {
				return malformed("VLAN tag cut short");
			}
			if (fVlanCount < MAX_VLANS) {
				fVlanTpids[fVlanCount] = type;
				fVlans[fVlanCount++] = (u16(pos) & 0x0fff);
			}
			type = u16(pos + 2);
			pos += 4;
		}
		fEtherType = type;
		if (type != ETHERTYPE_IPV4) {
			return fKind = Kind.NOT_IP;
		}
		return ip(b, pos, len);
	}

	private Kind ip(ByteBuffer b, int pos, int len) {
		if (pos >= len) {
			return malformed("IP header missing");
		}
		int vihl = u8(pos);
		if (vihl >> 4 != 4) {
			return fKind = Kind.NOT_IP; // IPv6 on a raw link: listed, not dissected
		}
		if (pos + 20 > len) {
			return malformed("IPv4 header cut short");
		}
		int ihl = (vihl & 0x0f) * 4;
		if (ihl < 20 || pos + ihl > len) {
			return malformed("IPv4 header length " + ihl + " invalid");
		}
		fIpOffset = pos;
		int totalLength = u16(pos + 2);
		int flagsFrag = u16(pos + 6);
		fIpProto = u8(pos + 9);
		fIpSrc = s32(pos + 12);
		fIpDst = s32(pos + 16);
		if (totalLength < ihl) {
			return malformed("IPv4 total length " + totalLength + " below header length " + ihl);
		}
		// the IP total length bounds the packet: Ethernet padding after it is not payload
		int ipEnd = pos + totalLength;
		boolean ipCut = ipEnd > len;
		if (ipCut) {
			fTruncated = true; // cut by snaplen: keep what is there
			ipEnd = len;
		}
		boolean moreFragments = (flagsFrag & 0x2000) != 0;
		int fragOffset = flagsFrag & 0x1fff;
		if (moreFragments || fragOffset != 0) {
			fPayloadOffset = pos + ihl;
			fPayloadLength = ipEnd - fPayloadOffset;
			return fKind = Kind.IP_FRAGMENT;
		}
		if (fIpProto != 17) {
			fPayloadOffset = pos + ihl;
			fPayloadLength = ipEnd - fPayloadOffset;
			return fKind = Kind.OTHER_IP;
		}
		int udp = pos + ihl;
		if (udp + 8 > ipEnd) {
			return malformed("UDP header cut short");
		}
		fUdpOffset = udp;
		fSrcPort = u16(udp);
		fDstPort = u16(udp + 2);
		int udpLen = u16(udp + 4);
		if (udpLen < 8) {
			return malformed("UDP length " + udpLen + " below 8");
		}
		int udpEnd = udp + udpLen;
		if (udpEnd > ipEnd) {
			if (!ipCut) {
				return malformed("UDP length " + udpLen + " beyond the IPv4 packet");
			}
			udpEnd = ipEnd;
		}
		fPayloadOffset = udp + 8;
		fPayloadLength = udpEnd - fPayloadOffset;
		return fKind = Kind.UDP;
	}

	private Kind malformed(String why) {
		fProblem = fTruncated ? why + " (frame cut by snaplen)" : why;
		return fKind = Kind.MALFORMED;
	}

	/** @return how far decoding got */
	public Kind kind() {
		return fKind;
	}

	/** @return why the frame is {@link Kind#MALFORMED}, empty otherwise */
	public String problem() {
		return fProblem;
	}

	/**
	 * @return true if the frame was cut by the snaplen: its original length (when given) or its IPv4
	 *         total length is beyond the bytes captured
	 */
	public boolean isTruncated() {
		return fTruncated;
	}

	public int vlanCount() {
		return fVlanCount;
	}

	/** @return VLAN id (12 bits) of the i-th tag, outermost first */
	public int vlan(int i) {
		return fVlans[i];
	}

	/**
	 * @return the tag protocol identifier of the i-th tag, outermost first: 0x8100 (802.1Q), 0x88a8
	 *         (802.1ad, which Wireshark names ieee8021ad), 0x9100
	 */
	public int vlanTpid(int i) {
		return fVlanTpids[i];
	}

	/** @return true if the frame has an Ethernet II header (link type Ethernet, 14 bytes present) */
	public boolean hasEthernet() {
		return fEthOffset >= 0;
	}

	/** @return the Ethernet destination address as 48 bits, first byte highest; 0 without Ethernet */
	public long ethDestination() {
		return fEthOffset < 0 ? 0 : mac(fEthOffset);
	}

	/** @return the Ethernet source address as 48 bits, first byte highest; 0 without Ethernet */
	public long ethSource() {
		return fEthOffset < 0 ? 0 : mac(fEthOffset + 6);
	}

	/** @return the EtherType of the Ethernet header (0x8100 when a VLAN tag follows); 0 without Ethernet */
	public int ethType() {
		return fEthOffset < 0 ? 0 : u16(fEthOffset + 12);
	}

	private long mac(int at) {
		return (long) u16(at) << 32 | (s32(at + 2) & 0xffffffffL);
	}

	/** @return the EtherType after the VLAN tags (0x0800 for IPv4) */
	public int etherType() {
		return fEtherType;
	}

	/** @return offset of the IPv4 header, -1 if none */
	public int ipOffset() {
		return fIpOffset;
	}

	/** @return offset of the UDP header, -1 if none */
	public int udpOffset() {
		return fUdpOffset;
	}

	/** @return IPv4 source address as a big-endian int */
	public int ipSource() {
		return fIpSrc;
	}

	/** @return IPv4 destination address as a big-endian int */
	public int ipDestination() {
		return fIpDst;
	}

	public int ipProtocol() {
		return fIpProto;
	}

	public int sourcePort() {
		return fSrcPort;
	}

	public int destinationPort() {
		return fDstPort;
	}

	/** @return offset of the UDP payload (or IP payload for other kinds) in the frame */
	public int payloadOffset() {
		return fPayloadOffset;
	}

	/** @return length of the payload actually present */
	public int payloadLength() {
		return fPayloadLength;
	}

	/** @return true if the destination is an IPv4 multicast group (224.0.0.0/4) */
	public boolean isMulticast() {
		return (fIpDst >>> 28) == 0xe;
	}

	/** Formats a big-endian IPv4 address as dotted quad. */
	public static String formatIp(int ip) {
		return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
	}
}
