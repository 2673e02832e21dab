package io.feedscope.capture.runtime;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jdt.annotation.Nullable;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * FeedScope's own capture process, for machines without dumpcap: pcap4j (JNA over the system's libpcap) in a
 * small JVM of its own, never the workbench's. It takes the part of dumpcap's command line that FeedScope
 * uses and answers with the same sync pipe messages on standard error, so that FeedScope runs either the same
 * way:
 * <ul>
 * <li>{@code -D -M}: the interfaces, one a line as dumpcap prints them (number, name, vendor, description,
 * flags, addresses, type)</li>
 * <li>{@code -d -i IF -f BPF}: compiles the filter (B with the compiler's text if it is wrong, else S)</li>
 * <li>{@code -i IF [-f BPF] -w FILE [-b filesize:KB -b files:N] [-a duration:S]}: captures into pcapng
 * (F for each new file, P packets every half second, R the drops so far whenever they change -- a
 * FeedScope message that dumpcap does not send --, D the drops at the end); SIGTERM stops it cleanly</li>
 * </ul>
 * {@code -Z none} is accepted and ignored (this process always speaks the sync pipe).
 * <p>
 * The capability: only this runtime's {@code bin/java} (which runs nothing else) gets CAP_NET_RAW and
 * CAP_NET_ADMIN; see the README's "Live capture" section.
 */
public final class Main {
	private static final int SNAPLEN = 262_144;
	private static final long REPORT_NANOS = 500_000_000L;

	private final SyncPipeWriter fPipe;
	private volatile boolean fStop;
	private final CountDownLatch fDone = new CountDownLatch(1);

	private Main(SyncPipeWriter pipe) {
		fPipe = pipe;
	}

	public static void main(String[] args) {
		// the sync pipe owns standard error: a library's warning there (slf4j, JNA) would break the protocol
		OutputStream err = new FileOutputStream(FileDescriptor.err);
		System.setErr(new PrintStream(OutputStream.nullOutputStream()));
		SyncPipeWriter pipe = new SyncPipeWriter(err);
		int code;
		try {
			code = new Main(pipe).run(args);
		} catch (UsageError e) {
			pipe.error("feedscope capture process: " + e.getMessage(), "");
			code = 2;
		} catch (RuntimeException | LinkageError e) {
			// JNA or libpcap missing, or a bug: one message for the parent, not a trace
			pipe.error("the pcap4j capture process failed: " + e, "is libpcap installed (Debian: libpcap0.8)?");
			code = 1;
		}
		System.out.flush();
		System.exit(code);
	}

	private static final class UsageError extends Exception {
		private static final long serialVersionUID = 1L;

		UsageError(String message) {
			super(message);
		}
	}

	private int run(String[] args) throws UsageError {
		boolean list = false;
		boolean check = false;
		@Nullable
		String device = null;
		String filter = "";
		@Nullable
		String file = null;
		long fileKb = 0;
		int files = 0;
		long duration = 0;
		for (int i = 0; i < args.length; i++) {
			String a = args[i];
			switch (a) {
			case "-D" -> list = true;
			case "-M" -> {
				// machine-readable listing: the only one this process prints
			}
			case "-d" -> check = true;
			case "-Z" -> value(args, ++i, a);
			case "-i" -> device = value(args, ++i, a);
			case "-f" -> filter = value(args, ++i, a);
			case "-w" -> file = value(args, ++i, a);
			case "-b" -> {
				String v = value(args, ++i, a);
				if (v.startsWith("filesize:")) {
					fileKb = number(v.substring(9), a);
				} else if (v.startsWith("files:")) {
					files = (int) number(v.substring(6), a);
				} else {
					throw new UsageError("-b " + v + ": only filesize: and files: are known");
				}
			}
			case "-a" -> {
				String v = value(args, ++i, a);
				if (!v.startsWith("duration:")) {
					throw new UsageError("-a " + v + ": only duration: is known");
				}
				duration = number(v.substring(9), a);
			}
			default -> throw new UsageError("unknown argument '" + a + "'");
			}
		}
		if (list) {
			return list();
		}
		if (device == null) {
			throw new UsageError("-i IF is needed");
		}
		if (check) {
			return check(device, filter);
		}
		if (file == null) {
			throw new UsageError("-w FILE is needed");
		}
		return capture(device, filter, Path.of(file), fileKb * 1000, files, duration);
	}

	private static String value(String[] args, int i, String option) throws UsageError {
		if (i >= args.length) {
			throw new UsageError(option + " needs a value");
		}
		return args[i];
	}

	private static long number(String s, String option) throws UsageError {
		try {
			return Long.parseLong(s);
		} catch (NumberFormatException e) {
			throw new UsageError(option + ": '" + s + "' is no number");
		}
	}

	private int list() {
		List<PcapNetworkInterface> devices;
		try {
			devices = Pcaps.findAllDevs();
		} catch (PcapNativeException e) {
			fPipe.error("cannot list the interfaces: " + e.getMessage(), "");
			return 1;
		}
		int n = 0;
		for (PcapNetworkInterface d : devices) {
			List<String> addresses = new ArrayList<>();
			for (PcapAddress a : d.getAddresses()) {
				InetAddress address = a.getAddress();
				if (address != null) {
					addresses.add(address.getHostAddress().replaceFirst("%.*", ""));
				}
			}
			String description = d.getDescription() == null ? "" : d.getDescription();
			if (d.isLoopBack() && description.isEmpty()) {
				description = "Loopback";
			}
			System.out.println(++n + ". " + d.getName() + "\t\t" + description + "\t0\t" + String.join(",", addresses) + "\t"
					+ (d.isLoopBack() ? "loopback" : "network") + "\t");
		}
		return 0;
	}

	/** Compiles the filter on a dead handle of the interface's link type: the code a capture would run. */
	private int check(String device, String filter) {
		if (filter.isBlank()) {
			fPipe.send('S', "");
			return 0;
		}
		try (PcapHandle dead = Pcaps.openDead(linkType(device), SNAPLEN)) {
			// libpcap's PCAP_NETMASK_UNKNOWN: only "ip broadcast" needs the netmask
			Inet4Address unknown = (Inet4Address) InetAddress.getByAddress(new byte[] { -1, -1, -1, -1 });
			try {
				dead.compileFilter(filter, BpfCompileMode.OPTIMIZE, unknown).free();
			} catch (PcapNativeException e) {
				fPipe.send('B', "0:" + compilerText(dead, e));
				return 2;
			}
		} catch (PcapNativeException e) {
			fPipe.error("cannot check the filter: " + e.getMessage(), "");
			return 1;
		} catch (java.net.UnknownHostException | org.pcap4j.core.NotOpenException e) {
			throw new IllegalStateException(e); // four bytes are always an address; the handle was just opened
		}
		fPipe.send('S', "");
		return 0;
	}

	/** @return libpcap's own words (pcap_geterr: "syntax error"), which pcap4j's exception leaves out */
	private static String compilerText(PcapHandle h, PcapNativeException e) {
		try {
			String text = h.getError();
			if (text != null && !text.isBlank()) {
				return text;
			}
		} catch (org.pcap4j.core.NotOpenException ignored) {
			// closed: the exception's text below
		}
		return String.valueOf(e.getMessage());
	}

	/**
	 * The interface's link type, from a handle that is opened and closed without capturing; EN10MB (Linux's
	 * loopback and Ethernet) when it cannot be opened, e.g. without the capabilities: the check needs none.
	 */
	private static DataLinkType linkType(String device) {
		try (PcapHandle h = new PcapHandle.Builder(device).snaplen(SNAPLEN).timeoutMillis(1).build()) {
			return h.getDlt();
		} catch (PcapNativeException e) {
			return DataLinkType.EN10MB;
		}
	}

	private int capture(String device, String filter, Path file, long fileBytes, int files, long duration) {
		PcapHandle handle;
		try {
			handle = open(device);
		} catch (PcapNativeException e) {
			String m = e.getMessage() == null ? e.toString() : e.getMessage();
			fPipe.error(m, m.contains("permission") || m.contains("not permitted")
					? "the capture process needs CAP_NET_RAW and CAP_NET_ADMIN" : "");
			return 2;
		}
		try {
			if (!filter.isBlank()) {
				try {
					handle.setFilter(filter, BpfCompileMode.OPTIMIZE);
				} catch (PcapNativeException e) {
					fPipe.send('B', "0:" + compilerText(handle, e));
					return 2;
				}
			}
			return loop(handle, device, filter, file, fileBytes, files, duration);
		} catch (Exception e) {
			fPipe.error("capture on " + device + " failed: " + e, "");
			return 1;
		} finally {
			handle.close();
		}
	}

	private static PcapHandle open(String device) throws PcapNativeException {
		PcapHandle.Builder b = new PcapHandle.Builder(device).snaplen(SNAPLEN).promiscuousMode(PromiscuousMode.PROMISCUOUS)
				// no immediate mode: it makes libpcap use a ring of fixed snaplen-sized slots (32 MB / 256 kB: 128
				// packets, overrun by a burst while this process sleeps); blocks of packets as dumpcap gets them,
				// handed over when full or after the 100 ms timeout, hold tens of thousands
				.timeoutMillis(100).bufferSize(32 << 20);
		try {
			return nonBlocking(b.timestampPrecision(PcapHandle.TimestampPrecision.NANO).build());
		} catch (PcapNativeException e) {
			if (e.getMessage() != null && e.getMessage().contains("permission")) {
				throw e;
			}
			// an interface without nanosecond time stamps: microseconds, kept in nanoseconds
			return nonBlocking(b.timestampPrecision(PcapHandle.TimestampPrecision.MICRO).build());
		}
	}

	/**
	 * Non-blocking reads: on Linux a blocking read waits for the next packet however long that takes (the read
	 * timeout does not fire on an idle interface), and the loop must still report, flush and see a stop.
	 */
	private static PcapHandle nonBlocking(PcapHandle h) throws PcapNativeException {
		try {
			h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
		} catch (org.pcap4j.core.NotOpenException e) {
			throw new IllegalStateException(e); // just opened
		}
		return h;
	}

	private int loop(PcapHandle handle, String device, String filter, Path file, long fileBytes, int files, long duration)
			throws Exception {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			fStop = true; // SIGTERM, as Wireshark stops dumpcap: finish the file, report the drops
			try {
				fDone.await(5, TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}, "feedscope-capture-stop"));
		long start = System.nanoTime();
		long end = duration > 0 ? start + duration * 1_000_000_000L : Long.MAX_VALUE;
		long packets = 0;
		long reported = 0;
		long dropsReported = 0;
		long nextReport = start + REPORT_NANOS;
		try (PcapngRing ring = new PcapngRing(file, fileBytes, files, device, filter, handle.getDlt().value(), SNAPLEN,
				p -> fPipe.send('F', p.toString()))) {
			PcapngRing.Stats stats = new PcapngRing.Stats(0, 0);
			while (!fStop && System.nanoTime() < end) {
				if (next(handle, ring, stats)) {
					packets++;
				} else {
					Thread.sleep(1); // nothing there: look again in a millisecond
				}
				long now = System.nanoTime();
				if (now >= nextReport) {
					nextReport = now + REPORT_NANOS;
					ring.flush(); // before P: what is counted can be read
					if (packets > reported) {
						fPipe.send('P', Long.toString(packets - reported));
						reported = packets;
					}
					stats = stats(handle, stats);
					if (stats.dropped() != dropsReported) {
						dropsReported = stats.dropped();
						fPipe.send('R', Long.toString(dropsReported));
					}
				}
			}
			// the rest: what the kernel still holds was captured before the stop; a block not yet full is handed
			// over after the 100 ms timeout, so look for 300 ms (bounded: the traffic goes on)
			long drainEnd = System.nanoTime() + 300_000_000L;
			while (System.nanoTime() < drainEnd) {
				if (next(handle, ring, stats)) {
					packets++;
				} else {
					Thread.sleep(1);
				}
			}
			stats = stats(handle, stats);
			long nowNanos = System.currentTimeMillis() * 1_000_000L;
			ring.close(nowNanos, stats);
			if (packets > reported) {
				fPipe.send('P', Long.toString(packets - reported));
			}
			fPipe.send('D', stats.dropped() + ":" + device);
			return 0;
		} finally {
			fDone.countDown();
		}
	}

	/** @return true if a packet came (and was written), false if none was waiting */
	private static boolean next(PcapHandle handle, PcapngRing ring, PcapngRing.Stats stats) throws Exception {
		byte[] data = handle.getNextRawPacket();
		if (data == null) {
			return false;
		}
		java.sql.Timestamp t = handle.getTimestamp();
		long nanos = Math.floorDiv(t.getTime(), 1000) * 1_000_000_000L + t.getNanos();
		Integer original = handle.getOriginalLength();
		ring.packet(nanos, data, original == null ? data.length : original, stats);
		return true;
	}

	/** libpcap's counts: dropped by the kernel (no room in the buffer) and by the interface */
	private static PcapngRing.Stats stats(PcapHandle handle, PcapngRing.Stats previous) {
		try {
			PcapStat s = handle.getStats();
			return new PcapngRing.Stats(s.getNumPacketsReceived(), s.getNumPacketsDropped() + s.getNumPacketsDroppedByIf());
		} catch (Exception e) {
			return previous;
		}
	}
}
