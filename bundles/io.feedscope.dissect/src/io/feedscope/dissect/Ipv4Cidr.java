package io.feedscope.dissect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 address or CIDR block ({@code 233.54.12.111}, {@code 233.54.12.0/24}) as a group binding names it: one
 * parser, range check and membership test for {@link Binding}, plug-in contributions, the description compiler,
 * {@link ProtocolSet}'s builder and the dissector's per-packet group test (which uses the static
 * {@link #contains(int, int, int)} on its int arrays, allocating nothing).
 *
 * @param address the address, big-endian (the first octet in the high byte)
 * @param prefix the prefix length, 0..32 (32 for a single address)
 */
public record Ipv4Cidr(int address, int prefix) {

	private static final Pattern TEXT = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

	/** @throws IllegalArgumentException unless the prefix is 0..32 */
	public Ipv4Cidr {
		if (prefix < 0 || prefix > 32) {
			throw new IllegalArgumentException("bad prefix " + prefix);
		}
	}

	/**
	 * @param text a dotted quad, optionally with "/prefix" (each octet 1 to 3 digits, at most 255; prefix at most 32)
	 * @throws IllegalArgumentException when it is not one
	 */
	public static Ipv4Cidr parse(String text) {
		Matcher c = TEXT.matcher(text);
		if (!c.matches()) {
			throw new IllegalArgumentException("an IPv4 group or CIDR expected, e.g. 233.54.12.0/24");
		}
		return of(c.group(1) + "." + c.group(2) + "." + c.group(3) + "." + c.group(4), c.group(5) == null ? 32 : Integer.parseInt(c.group(5)));
	}

	/**
	 * @param dottedQuad four runs of digits separated by dots (as the description language's IPV4 token)
	 * @param prefix the prefix length
	 * @throws IllegalArgumentException when an octet is above 255 or the prefix is not 0..32
	 */
	public static Ipv4Cidr of(String dottedQuad, int prefix) {
		String[] q = dottedQuad.split("\\.", -1);
		if (q.length != 4) {
			throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad);
		}
		int a = 0;
		for (String s : q) {
			int o;
			try {
				o = Integer.parseInt(s);
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad, e);
			}
			if (o < 0 || o > 255) {
				throw new IllegalArgumentException("an IPv4 group or CIDR expected, e.g. 233.54.12.0/24");
			}
			a = a << 8 | o;
		}
		if (prefix < 0 || prefix > 32) {
			throw new IllegalArgumentException("an IPv4 group or CIDR expected, e.g. 233.54.12.0/24");
		}
		return new Ipv4Cidr(a, prefix);
	}

	/** @return whether the block lies in 224.0.0.0/4 (its address's first four bits are 1110) */
	public boolean isMulticast() {
		return (address >>> 28) == 0xe;
	}

	/** @return whether the destination is in this block */
	public boolean contains(int destination) {
		return contains(address, prefix, destination);
	}

	/** Membership without an instance (the dissector keeps blocks as int pairs): prefix 0 holds every address. */
	public static boolean contains(int address, int prefix, int destination) {
		if (prefix == 0) {
			return true;
		}
		int mask = -1 << (32 - prefix);
		return (address & mask) == (destination & mask);
	}

	/** @return "a.b.c.d" or "a.b.c.d/p" */
	@Override
	public String toString() {
		String a = (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
		return prefix == 32 ? a : a + "/" + prefix;
	}
}
