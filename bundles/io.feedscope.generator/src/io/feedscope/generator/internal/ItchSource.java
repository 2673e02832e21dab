package io.feedscope.generator.internal;

import java.util.SplittableRandom;

/**
 * Writes a plausible TotalView-ITCH 5.0 message stream, one message per call, straight into a byte
 * array (no per-message objects). Keeps a small order book in primitive arrays so that executions,
 * cancels, deletes and replaces refer to live orders with their real shares and prices.
 * <p>
 * The stream: an opening (system events, stock directory, trading actions, Reg SHO, market-maker
 * positions, MWCB levels), then the order flow; once early on every rarer type is sent so even a short
 * capture has all 23 types; on {@link #close()} the closing system events.
 */
public final class ItchSource {

	/** Message lengths of ITCH 5.0 (spec section 4), indexed by type character. */
	public static final int[] LENGTH = new int[128];
	/** The 23 ITCH 5.0 message types. */
	public static final String TYPES = "SRHYLVWKJhAFECXDUPQBINO";

	static {
		int[] lens = { 12, 39, 25, 20, 26, 35, 12, 28, 35, 21, 36, 40, 31, 36, 23, 19, 35, 44, 40, 19, 50, 20, 48 };
		for (int i = 0; i < TYPES.length(); i++) {
			LENGTH[TYPES.charAt(i)] = lens[i];
		}
	}

	private static final String[] SYMBOLS = { "AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "AVGO", "COST",
			"NFLX", "AMD", "PEP", "ADBE", "CSCO", "INTC", "QCOM", "TXN", "AMGN", "HON", "INTU", "SBUX", "GILD", "MDLZ",
			"ISRG", "BKNG", "ADP", "VRTX", "REGN", "PYPL", "MU", "LRCX", "ADI", "KLAC", "SNPS", "CDNS", "MRVL", "ORLY",
			"CTAS", "PANW", "QQQ" };
	/** Reference prices in dollars, roughly where these traded: keeps the book plausible. */
	private static final double[] PRICES = { 227.50, 415.20, 131.40, 205.75, 176.30, 598.10, 290.40, 224.85, 905.60,
			985.30, 112.45, 151.20, 432.15, 58.90, 21.35, 158.70, 189.95, 289.40, 218.30, 642.10, 93.80, 108.25, 63.40,
			585.20, 4810.50, 305.60, 402.75, 640.90, 72.45, 96.35, 71.20, 226.40, 745.10, 512.30, 288.60, 77.85, 955.40,
			181.20, 185.60, 512.85 };
	private static final String[] MPIDS = { "NITE", "GSCO", "MSCO", "UBSS", "CDRG", "VIRT", "JPMS", "SUSQ" };

	private static final int MAX_ORDERS = 16384;

	private final SplittableRandom fRandom;
	private final int fSymbols;
	private final byte[][] fStocks;
	private final int[] fMid;

	// live orders, swap-removed
	private final long[] fRef = new long[MAX_ORDERS];
	private final short[] fLocate = new short[MAX_ORDERS];
	private final byte[] fSide = new byte[MAX_ORDERS];
	private final int[] fShares = new int[MAX_ORDERS];
	private final int[] fPrice = new int[MAX_ORDERS];
	private int fOrders;

	private long fNextRef = 4_000_000L;
	private long fNextMatch = 100_000L;
	private long fLastTradeMatch;

	/** scripted types still to send before the random flow, as a queue of (type, locate) */
	private final int[] fScript = new int[1024];
	private int fScriptHead;
	private int fScriptTail;
	private long fFlowCount;
	private boolean fRareDone;
	private final long[] fCount = new long[128];

	public ItchSource(long seed, int symbols) {
		fRandom = new SplittableRandom(seed ^ 0x17c450L);
		fSymbols = symbols;
		fStocks = new byte[symbols][];
		fMid = new int[symbols];
		for (int i = 0; i < symbols; i++) {
			fStocks[i] = String.format("%-8s", SYMBOLS[i]).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
			fMid[i] = (int) Math.round(PRICES[i] * 100) * 100; // whole cents in 4 implied decimals
		}
		script('S', 'O');
		for (int i = 1; i <= symbols; i++) {
			script('R', i);
		}
		script('S', 'S');
		script('V', 0);
		for (int i = 1; i <= symbols; i++) {
			script('H', i);
		}
		script('Y', 1);
		script('Y', 2);
		script('L', 1);
		script('L', 3);
		script('S', 'Q');
	}

	private void script(int type, int arg) {
		fScript[fScriptTail] = type << 16 | arg;
		fScriptTail = (fScriptTail + 1) % fScript.length;
	}

	/** Queues the closing system events (end of market hours, end of system hours, end of messages). */
	public void close() {
		script('S', 'M');
		script('S', 'E');
		script('S', 'C');
	}

	/** @return true while scripted messages wait (the opening or the closing) */
	public boolean scripted() {
		return fScriptHead != fScriptTail;
	}

	/** @return how many messages of the type were written */
	public long count(char type) {
		return fCount[type];
	}

	/**
	 * Writes the next message.
	 *
	 * @param dst array, room for 50 bytes at off
	 * @param ts nanoseconds since the exchange's midnight
	 * @return the message length
	 */
	public int next(byte[] dst, int off, long ts) {
		int type;
		int arg;
		if (fScriptHead != fScriptTail) {
			int s = fScript[fScriptHead];
			fScriptHead = (fScriptHead + 1) % fScript.length;
			type = s >>> 16;
			arg = s & 0xffff;
		} else {
			fFlowCount++;
			if (!fRareDone && fFlowCount == 500) {
				fRareDone = true;
				// once every rare type early on, so even short captures show all 23 types
				for (char t : "QBINWKJhOCP".toCharArray()) {
					script(t, 1 + fRandom.nextInt(fSymbols));
				}
			}
			type = pickType();
			arg = 1 + pickSymbol();
		}
		return write(dst, off, ts, type, arg);
	}

	private int pickType() {
		int u = fRandom.nextInt(100_000);
		if (fOrders < 50) {
			return u < 90_000 ? 'A' : 'F';
		}
		if (fOrders >= MAX_ORDERS - 2) {
			return 'D';
		}
		if (u < 37_000) return 'A';
		if (u < 40_000) return 'F';
		if (u < 72_000) return 'D';
		if (u < 81_000) return 'U';
		if (u < 85_000) return 'X';
		if (u < 92_500) return 'E';
		if (u < 93_100) return 'C';
		if (u < 96_000) return 'P';
		if (u < 98_600) return 'I';
		if (u < 99_300) return 'N';
		if (u < 99_500) return 'Q';
		if (u < 99_560) return 'H';
		if (u < 99_620) return 'Y';
		if (u < 99_680) return 'L';
		if (u < 99_720) return 'B';
		if (u < 99_760) return 'K';
		if (u < 99_800) return 'J';
		if (u < 99_840) return 'h';
		if (u < 99_880) return 'O';
		return 'A';
	}

	/** Skewed towards the first (most active) symbols, as real activity is. */
	private int pickSymbol() {
		int a = fRandom.nextInt(fSymbols);
		int b = fRandom.nextInt(fSymbols);
		return Math.min(a, b);
	}

	private int write(byte[] d, int o, long ts, int type, int locate) {
		if (fOrders == 0 && "ECXDU".indexOf(type) >= 0) {
			type = 'A'; // nothing live to refer to (only possible when scripted very early)
		}
		int len = LENGTH[type];
		fCount[type]++;
		d[o] = (byte) type;
		BigEndian.put2(d, o + 1, locate == 0 ? 0 : locate);
		BigEndian.put2(d, o + 3, fRandom.nextInt(4)); // tracking number
		BigEndian.put6(d, o + 5, ts);
		int s = Math.max(0, locate - 1) % fSymbols;
		switch (type) {
		case 'S':
			BigEndian.put2(d, o + 1, 0);
			d[o + 11] = (byte) locate; // the event code was passed as the argument
			break;
		case 'R':
			stock(d, o + 11, s);
			d[o + 19] = (byte) (s == fSymbols - 1 ? 'G' : 'Q'); // market category
			d[o + 20] = 'N'; // financial status
			BigEndian.put4(d, o + 21, 100); // round lot
			d[o + 25] = 'N';
			d[o + 26] = (byte) (s == fSymbols - 1 ? 'Q' : 'C'); // issue classification (QQQ: unit trust)
			d[o + 27] = 'Z';
			d[o + 28] = ' ';
			d[o + 29] = 'P'; // authenticity: production
			d[o + 30] = 'N';
			d[o + 31] = 'N';
			d[o + 32] = '1'; // LULD tier
			d[o + 33] = (byte) (s == fSymbols - 1 ? 'Y' : 'N'); // ETP
			BigEndian.put4(d, o + 34, 0);
			d[o + 38] = 'N';
			break;
		case 'H':
			stock(d, o + 11, s);
			d[o + 19] = 'T';
			d[o + 20] = ' ';
			BigEndian.put4(d, o + 21, 0x20202020);
			break;
		case 'Y':
			stock(d, o + 11, s);
			d[o + 19] = '0';
			break;
		case 'L':
			putAscii(d, o + 11, MPIDS[fRandom.nextInt(MPIDS.length)], 4);
			stock(d, o + 15, s);
			d[o + 23] = 'Y';
			d[o + 24] = 'N';
			d[o + 25] = 'A';
			break;
		case 'V':
			BigEndian.put2(d, o + 1, 0);
			BigEndian.put8(d, o + 11, 5_123_45_000000L); // MWCB levels, 8 implied decimals
			BigEndian.put8(d, o + 19, 4_730_76_000000L);
			BigEndian.put8(d, o + 27, 4_138_42_000000L);
			break;
		case 'W':
			BigEndian.put2(d, o + 1, 0);
			d[o + 11] = '1';
			break;
		case 'K':
			stock(d, o + 11, s);
			BigEndian.put4(d, o + 19, 11 * 3600 + 30 * 60); // release 11:30
			d[o + 23] = 'A';
			BigEndian.put4(d, o + 24, fMid[s]);
			break;
		case 'J':
			stock(d, o + 11, s);
			BigEndian.put4(d, o + 19, fMid[s]);
			BigEndian.put4(d, o + 23, fMid[s] + fMid[s] / 20);
			BigEndian.put4(d, o + 27, fMid[s] - fMid[s] / 20);
			BigEndian.put4(d, o + 31, 1);
			break;
		case 'h':
			stock(d, o + 11, s);
			d[o + 19] = 'Q';
			d[o + 20] = 'T';
			break;
		case 'A':
		case 'F':
			addOrder(d, o, s, type == 'F');
			break;
		case 'E':
		case 'C':
			execute(d, o, type == 'C');
			break;
		case 'X': {
			int i = fRandom.nextInt(fOrders);
			if (fShares[i] <= 1) {
				// nothing left to cancel partially: delete instead, keeping the declared type honest
				fCount['X']--;
				return write(d, o, ts, 'D', locate);
			}
			int cancel = 1 + fRandom.nextInt(fShares[i] - 1);
			BigEndian.put2(d, o + 1, fLocate[i]);
			BigEndian.put8(d, o + 11, fRef[i]);
			BigEndian.put4(d, o + 19, cancel);
			fShares[i] -= cancel;
			break;
		}
		case 'D': {
			int i = fRandom.nextInt(fOrders);
			BigEndian.put2(d, o + 1, fLocate[i]);
			BigEndian.put8(d, o + 11, fRef[i]);
			remove(i);
			break;
		}
		case 'U': {
			int i = fRandom.nextInt(fOrders);
			BigEndian.put2(d, o + 1, fLocate[i]);
			BigEndian.put8(d, o + 11, fRef[i]);
			long ref = fNextRef++;
			int shares = shares();
			int price = fPrice[i] + (fRandom.nextInt(5) - 2) * 100 * (fSide[i] == 'B' ? 1 : -1);
			price = Math.max(100, price);
			BigEndian.put8(d, o + 19, ref);
			BigEndian.put4(d, o + 27, shares);
			BigEndian.put4(d, o + 31, price);
			fRef[i] = ref;
			fShares[i] = shares;
			fPrice[i] = price;
			break;
		}
		case 'P': {
			boolean buy = fRandom.nextBoolean();
			BigEndian.put8(d, o + 11, 0); // non-displayable orders have reference 0
			d[o + 19] = (byte) (buy ? 'B' : 'S');
			BigEndian.put4(d, o + 20, oddOrRound());
			stock(d, o + 24, s);
			BigEndian.put4(d, o + 32, fMid[s] + (fRandom.nextInt(3) - 1) * 50);
			BigEndian.put8(d, o + 36, fLastTradeMatch = fNextMatch++);
			break;
		}
		case 'Q':
			BigEndian.put8(d, o + 11, 10_000L + fRandom.nextInt(2_000_000));
			stock(d, o + 19, s);
			BigEndian.put4(d, o + 27, fMid[s]);
			BigEndian.put8(d, o + 31, fLastTradeMatch = fNextMatch++);
			d[o + 39] = (byte) "OCHI".charAt(fRandom.nextInt(4));
			break;
		case 'B':
			BigEndian.put8(d, o + 11, fLastTradeMatch > 0 ? fLastTradeMatch : fNextMatch - 1);
			break;
		case 'I': {
			long paired = 100L * (1 + fRandom.nextInt(50_000));
			long imbalance = 100L * fRandom.nextInt(5_000);
			BigEndian.put8(d, o + 11, paired);
			BigEndian.put8(d, o + 19, imbalance);
			d[o + 27] = (byte) (imbalance == 0 ? 'N' : fRandom.nextBoolean() ? 'B' : 'S');
			stock(d, o + 28, s);
			BigEndian.put4(d, o + 36, fMid[s] + 200);
			BigEndian.put4(d, o + 40, fMid[s] + 100);
			BigEndian.put4(d, o + 44, fMid[s]);
			d[o + 48] = (byte) "OCH".charAt(fRandom.nextInt(3));
			d[o + 49] = (byte) "L123 ".charAt(fRandom.nextInt(5));
			break;
		}
		case 'N':
			stock(d, o + 11, s);
			d[o + 19] = (byte) "BSAN".charAt(fRandom.nextInt(4));
			break;
		case 'O':
			stock(d, o + 11, s);
			d[o + 19] = 'N';
			BigEndian.put4(d, o + 20, fMid[s] - fMid[s] / 10);
			BigEndian.put4(d, o + 24, fMid[s] + fMid[s] / 10);
			BigEndian.put4(d, o + 28, fMid[s]);
			BigEndian.put8(d, o + 32, ts); // near execution time
			BigEndian.put4(d, o + 40, fMid[s] - fMid[s] / 5);
			BigEndian.put4(d, o + 44, fMid[s] + fMid[s] / 5);
			break;
		default:
			throw new IllegalStateException("no encoder for " + (char) type);
		}
		return len;
	}

	private void addOrder(byte[] d, int o, int s, boolean mpid) {
		boolean buy = fRandom.nextBoolean();
		// mid drifts a cent at a time so prices wander like a quote does
		int r = fRandom.nextInt(64);
		if (r == 0) {
			fMid[s] += 100;
		} else if (r == 1 && fMid[s] > 200) {
			fMid[s] -= 100;
		}
		int ticks = fRandom.nextInt(20);
		int price = buy ? fMid[s] - 100 * (1 + ticks) : fMid[s] + 100 * (1 + ticks);
		price = Math.max(100, price);
		int shares = shares();
		long ref = fNextRef++;
		BigEndian.put8(d, o + 11, ref);
		d[o + 19] = (byte) (buy ? 'B' : 'S');
		BigEndian.put4(d, o + 20, shares);
		stock(d, o + 24, s);
		BigEndian.put4(d, o + 32, price);
		if (mpid) {
			putAscii(d, o + 36, MPIDS[fRandom.nextInt(MPIDS.length)], 4);
		}
		BigEndian.put2(d, o + 1, s + 1);
		int i = fOrders++;
		fRef[i] = ref;
		fLocate[i] = (short) (s + 1);
		fSide[i] = d[o + 19];
		fShares[i] = shares;
		fPrice[i] = price;
	}

	private void execute(byte[] d, int o, boolean withPrice) {
		int i = fRandom.nextInt(fOrders);
		int exec = fRandom.nextInt(3) == 0 ? fShares[i] : 1 + fRandom.nextInt(fShares[i]);
		BigEndian.put2(d, o + 1, fLocate[i]);
		BigEndian.put8(d, o + 11, fRef[i]);
		BigEndian.put4(d, o + 19, exec);
		BigEndian.put8(d, o + 23, fLastTradeMatch = fNextMatch++);
		if (withPrice) {
			d[o + 31] = 'Y';
			BigEndian.put4(d, o + 32, fPrice[i] + (fSide[i] == 'B' ? -100 : 100));
		}
		fShares[i] -= exec;
		if (fShares[i] == 0) {
			remove(i);
		}
	}

	private void remove(int i) {
		int last = --fOrders;
		fRef[i] = fRef[last];
		fLocate[i] = fLocate[last];
		fSide[i] = fSide[last];
		fShares[i] = fShares[last];
		fPrice[i] = fPrice[last];
	}

	private int shares() {
		int r = fRandom.nextInt(100);
		if (r < 45) return 100;
		if (r < 60) return 200;
		if (r < 70) return 300;
		if (r < 78) return 500;
		if (r < 85) return 1000;
		if (r < 95) return 1 + fRandom.nextInt(99); // odd lots
		return 100 * (1 + fRandom.nextInt(50));
	}

	private int oddOrRound() {
		return fRandom.nextInt(4) == 0 ? 1 + fRandom.nextInt(99) : 100 * (1 + fRandom.nextInt(10));
	}

	private void stock(byte[] d, int o, int s) {
		System.arraycopy(fStocks[s], 0, d, o, 8);
	}

	private static void putAscii(byte[] d, int o, String s, int n) {
		for (int i = 0; i < n; i++) {
			d[o + i] = (byte) (i < s.length() ? s.charAt(i) : ' ');
		}
	}
}
