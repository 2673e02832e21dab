package io.feedscope.capture.live;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Live capture through {@code dumpcap} (Debian package wireshark-common), the Wireshark way: the capture
 * process alone needs the capabilities CAP_NET_RAW and CAP_NET_ADMIN ({@code setcap
 * cap_net_raw,cap_net_admin+eip /usr/bin/dumpcap}, never on java); FeedScope runs unprivileged, starts it,
 * reads its sync pipe and follows the files it writes.
 * <p>
 * The dumpcap used: the system property {@code feedscope.dumpcap} if set, else the first {@code dumpcap} on
 * the PATH, else {@code /usr/bin/dumpcap}, {@code /usr/sbin/dumpcap}.
 */
public final class CaptureService {
	/** what the capture process needs, for messages */
	public static final String CAPABILITIES = "CAP_NET_RAW and CAP_NET_ADMIN";
	private static final long QUERY_SECONDS = 20;

	private final List<String> fCommand;
	private final Path fBinary;

	private CaptureService(List<String> command, Path binary) {
		fCommand = List.copyOf(command);
		fBinary = binary;
	}

	/**
	 * @return the service over the dumpcap found (see the class comment)
	 * @throws CaptureException if no dumpcap is installed (the message says which package has it)
	 */
	public static CaptureService find() throws CaptureException {
		Path d = findDumpcap();
		if (d == null) {
			throw new CaptureException("live capture needs dumpcap, which is not installed (Debian/Ubuntu: apt-get install "
					+ "wireshark-common; or give its path with -Dfeedscope.dumpcap=PATH)");
		}
		return new CaptureService(List.of(d.toString()), d);
	}

	/**
	 * A service running the capture process through a command, for running it as another user (tests run it
	 * as {@code setpriv --reuid=nobody ... dumpcap}).
	 *
	 * @param command the command line that starts dumpcap, its last element the dumpcap binary
	 */
	public static CaptureService using(List<String> command) {
		return new CaptureService(command, Path.of(command.get(command.size() - 1)));
	}

	/** @return the dumpcap binary run, for messages ("setcap ... PATH") */
	public Path binary() {
		return fBinary;
	}

	static @Nullable Path findDumpcap() {
		String p = System.getProperty("feedscope.dumpcap");
		if (p != null && !p.isBlank()) {
			return Path.of(p);
		}
		String path = System.getenv("PATH");
		List<String> dirs = new ArrayList<>(path == null ? List.of() : Arrays.asList(path.split(File.pathSeparator)));
		dirs.add("/usr/bin");
		dirs.add("/usr/sbin");
		for (String dir : dirs) {
			if (dir.isEmpty()) {
				continue;
			}
			Path c = Path.of(dir, "dumpcap");
			if (Files.isRegularFile(c) && Files.isExecutable(c)) {
				return c;
			}
		}
		return null;
	}

	List<String> command(String... args) {
		List<String> c = new ArrayList<>(fCommand);
		c.addAll(Arrays.asList(args));
		return c;
	}

	/**
	 * The interfaces the capture process can capture on, with their addresses ({@code dumpcap -D -M}; needs no
	 * privilege).
	 */
	public List<CaptureDevice> devices() throws CaptureException {
		Query q = query(command("-D", "-M"));
		if (q.code != 0) {
			throw new CaptureException("dumpcap cannot list the interfaces: " + (q.err.isBlank() ? "exit code " + q.code : q.err.strip()));
		}
		List<CaptureDevice> out = new ArrayList<>();
		for (String line : q.out.split("\n")) {
			// "3. lo<TAB>vendor<TAB>friendly name<TAB>flags<TAB>addr,addr<TAB>type<TAB>"
			String[] f = line.split("\t", -1);
			if (f.length < 6) {
				continue;
			}
			String name = f[0].replaceFirst("^\\d+\\.\\s*", "").strip();
			List<String> addresses = new ArrayList<>();
			for (String a : f[4].split(",")) {
				if (!a.isBlank()) {
					addresses.add(a.strip());
				}
			}
			out.add(new CaptureDevice(name, f[2].strip(), List.copyOf(addresses), f[5].strip().equals("loopback")));
		}
		return out;
	}

	/**
	 * Checks a BPF capture filter before a capture: dumpcap compiles it for the interface ({@code -d}).
	 *
	 * @return null if the filter is good (or empty), else the compiler's message
	 * @throws CaptureException if dumpcap could not even open the interface (the message names the capability)
	 */
	public @Nullable String checkFilter(String device, String filter) throws CaptureException {
		if (filter.isBlank()) {
			return null;
		}
		Query q = query(command("-Z", "none", "-d", "-i", device, "-f", filter));
		SyncPipe pipe = new SyncPipe(new java.io.ByteArrayInputStream(q.errBytes));
		try {
			for (SyncPipe.Message m = pipe.next(); m != null; m = pipe.next()) {
				switch (m.indicator()) {
				case 'B' -> {
					return m.text().replaceFirst("^\\d+:", "");
				}
				case 'E', '?' -> throw new CaptureException(explain(m.text(), device));
				default -> {
					// success or counts
				}
				}
			}
		} catch (IOException e) {
			throw new CaptureException("dumpcap's answer could not be read: " + e.getMessage());
		}
		if (q.code != 0) {
			throw new CaptureException("dumpcap could not check the filter on " + device + " (exit code " + q.code + ")");
		}
		return null;
	}

	/**
	 * Starts a capture and waits until the capture process has opened the interface and its first file (or
	 * failed).
	 *
	 * @return the running capture
	 * @throws CaptureException if it could not start: no permission (naming the capabilities and the binary),
	 *         a wrong filter, no such interface, a directory it cannot write
	 */
	public LiveSession start(CaptureSpec spec) throws CaptureException {
		if (!Files.isDirectory(spec.directory())) {
			throw new CaptureException(spec.directory() + ": no such directory for the capture files");
		}
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
		String safeDevice = spec.device().replaceAll("[^A-Za-z0-9._-]", "_");
		List<String> c = command("-Z", "none", "-i", spec.device());
		if (!spec.filter().isBlank()) {
			c.add("-f");
			c.add(spec.filter());
		}
		RingSpec ring = spec.ring();
		if (ring != null) {
			// dumpcap names the files PREFIX_NNNNN_TIME.pcapng
			c.addAll(List.of("-w", spec.directory().resolve("feedscope_" + safeDevice + ".pcapng").toString(), "-b",
					"filesize:" + ring.fileKilobytes(), "-b", "files:" + ring.files()));
		} else {
			Path file = spec.directory().resolve("feedscope_" + safeDevice + "_" + stamp + ".pcapng");
			if (Files.exists(file)) {
				throw new CaptureException(file + " exists; it is not overwritten");
			}
			c.addAll(List.of("-w", file.toString()));
		}
		if (spec.durationSeconds() > 0) {
			c.addAll(List.of("-a", "duration:" + spec.durationSeconds()));
		}
		LiveSession s = new LiveSession(this, spec, c);
		s.awaitStart();
		return s;
	}

	/**
	 * A message for people from dumpcap's error text: a permission problem names the capabilities, the binary
	 * that needs them and the setcap command.
	 */
	String explain(String dumpcapText, String device) {
		String first = dumpcapText.strip();
		boolean permission = first.contains("permission") || first.contains("Operation not permitted");
		if (!permission) {
			return "dumpcap cannot capture on " + device + ": " + first.replace('\n', ' ');
		}
		return "no permission to capture on " + device + ": the capture process (" + fBinary + ") needs the capabilities "
				+ CAPABILITIES + " (dumpcap said: " + first.replace('\n', ' ') + "). Give them to that binary, never to java: "
				+ "sudo setcap cap_net_raw,cap_net_admin+eip " + fBinary + " (Debian: dpkg-reconfigure wireshark-common and "
				+ "join the wireshark group), or capture as root";
	}

	private record Query(int code, String out, String err, byte[] errBytes) {
	}

	private static Query query(List<String> command) throws CaptureException {
		Process p;
		try {
			p = new ProcessBuilder(command).start();
		} catch (IOException e) {
			throw new CaptureException("cannot run " + String.join(" ", command) + ": " + e.getMessage());
		}
		try {
			p.getOutputStream().close();
			// read both at once: either may fill its pipe while the other is read
			java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture
					.supplyAsync(() -> readAll(p.getErrorStream()));
			byte[] out = readAll(p.getInputStream());
			if (!p.waitFor(QUERY_SECONDS, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new CaptureException(String.join(" ", command) + ": no answer within " + QUERY_SECONDS + " s");
			}
			byte[] e = err.join();
			return new Query(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(e, StandardCharsets.UTF_8), e);
		} catch (InterruptedException e) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new CaptureException("interrupted while waiting for dumpcap");
		} catch (IOException e) {
			throw new CaptureException("dumpcap's answer could not be read: " + e.getMessage());
		}
	}

	private static byte[] readAll(InputStream in) {
		try {
			return in.readAllBytes();
		} catch (IOException e) {
			return new byte[0];
		}
	}
}
