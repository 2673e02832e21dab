package io.feedscope.generator.internal;

/** Big-endian writes into byte arrays: the wire order of MoldUDP64, ITCH and the IP/UDP headers. */
public final class BigEndian {

	private BigEndian() {
	}

	public static void put2(byte[] d, int o, int v) {
		d[o] = (byte) (v >>> 8);
		d[o + 1] = (byte) v;
	}

	public static void put4(byte[] d, int o, int v) {
		d[o] = (byte) (v >>> 24);
		d[o + 1] = (byte) (v >>> 16);
		d[o + 2] = (byte) (v >>> 8);
		d[o + 3] = (byte) v;
	}

	/** @param v the low 48 bits are written (ITCH timestamps) */
	public static void put6(byte[] d, int o, long v) {
		for (int i = 5; i >= 0; i--) {
			d[o + i] = (byte) v;
			v >>>= 8;
		}
	}

	public static void put8(byte[] d, int o, long v) {
		for (int i = 7; i >= 0; i--) {
			d[o + i] = (byte) v;
			v >>>= 8;
		}
	}
}
