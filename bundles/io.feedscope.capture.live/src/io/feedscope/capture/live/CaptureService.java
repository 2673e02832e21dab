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
 * Live capture through a separate capture process, the Wireshark way: the capture process alone needs the
 * capabilities CAP_NET_RAW and CAP_NET_ADMIN on its one binary, never java; FeedScope runs unprivileged, starts
 * it, reads its sync pipe and follows the files it writes. Two capture processes speak that same command line
 * and sync pipe:
 * <ul>
 * <li>{@code dumpcap} (Debian package wireshark-common), when installed: the system property
 * {@code feedscope.dumpcap} if set, else the first {@code dumpcap} on the PATH, else {@code /usr/bin/dumpcap},
 * {@code /usr/sbin/dumpcap}; the capability goes on that binary;</li>
 * <li>FeedScope's own pcap4j capture process, when dumpcap is not installed: the capture runtime (a jlink image
 * with the capture main, built by releng/io.feedscope.capture.runtime) in the system property
 * {@code feedscope.capture.runtime}, else {@code /usr/lib/feedscope/capture}, else the product's
 * {@code capture/} folder; the capability goes on its {@code bin/java}, which runs nothing else.</li>
 * </ul>
 * The system property {@code feedscope.captureProcess} ({@code dumpcap}, {@code pcap4j}, {@code auto}, the
 * default) or {@link #find(String)} picks one.
 */
public final class CaptureService {
	/** what the capture process needs, for messages */
	public static final String CAPABILITIES = "CAP_NET_RAW and CAP_NET_ADMIN";
	/** the values of {@link #find(String)} and of {@code feedscope capture --capture-process} */
	public static final List<String> PROCESSES = List.of("auto", "dumpcap", "pcap4j");
	/** the capture runtime's main class */
	static final String PCAP4J_MAIN = "io.feedscope.capture.runtime.Main";
	private static final long QUERY_SECONDS = 20;

	private final List<String> fCommand;
	private final Path fBinary;
	private final String fName;

	private CaptureService(List<String> command, Path binary, String name) {
		fCommand = List.copyOf(command);
		fBinary = binary;
		fName = name;
	}

	/**
	 * @return the service over the capture process that the system property {@code feedscope.captureProcess}
	 *         names (see {@link #find(String)})
	 * @throws CaptureException if none is installed (the message says which package has dumpcap)
	 */
	public static CaptureService find() throws CaptureException {
		String p = System.getProperty("feedscope.captureProcess");
		return find(p == null || p.isBlank() ? "auto" : p.strip());
	}

	/**
	 * @param process {@code dumpcap}, {@code pcap4j}, or {@code auto}: dumpcap if installed, else pcap4j
	 * @return the service over that capture process (see the class comment)
	 * @throws CaptureException if it is not installed, or the name is none of {@link #PROCESSES}
	 */
	public static CaptureService find(String process) throws CaptureException {
		if (!PROCESSES.contains(process)) {
			throw new CaptureException("unknown capture process '" + process + "' (known: " + String.join(", ", PROCESSES) + ")");
		}
		Path d = process.equals("pcap4j") ? null : findDumpcap();
		if (d != null) {
			return new CaptureService(List.of(d.toString()), d, "dumpcap");
		}
		Path runtime = process.equals("dumpcap") ? null : findRuntime();
		if (runtime != null) {
			return pcap4j(List.of(), runtime);
		}
		if (process.equals("pcap4j")) {
			throw new CaptureException("the pcap4j capture process is not installed: no capture runtime in "
					+ runtimeCandidates().stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", "))
					+ " (give its folder with -Dfeedscope.capture.runtime=DIR)");
		}
		throw new CaptureException("live capture needs dumpcap, which is not installed (Debian/Ubuntu: apt-get install "
				+ "wireshark-common; or give its path with -Dfeedscope.dumpcap=PATH)"
				+ (process.equals("auto") ? ", or FeedScope's pcap4j capture runtime, which is not installed either" : ""));
	}

	/**
	 * A service running dumpcap through a command, for running it as another user (tests run it as
	 * {@code setpriv --reuid=nobody ... dumpcap}).
	 *
	 * @param command the command line that starts dumpcap, its last element the dumpcap binary
	 */
	public static CaptureService using(List<String> command) {
		return new CaptureService(command, Path.of(command.get(command.size() - 1)), "dumpcap");
	}

	/**
	 * A service running FeedScope's pcap4j capture process from a capture runtime.
	 *
	 * @param prefix what comes before the runtime's java (tests: {@code setpriv --reuid=nobody ...}), or none
	 * @param runtime the runtime's folder: {@code bin/java} (the binary that needs the capabilities) and
	 *        {@code app/} (the capture main's jars, JNA's native library)
	 */
	public static CaptureService pcap4j(List<String> prefix, Path runtime) {
		Path java = runtime.resolve("bin/java");
		Path app = runtime.resolve("app");
		List<String> c = new ArrayList<>(prefix);
		// a small heap and one GC thread: it only copies packets into files; JNA's library from the runtime, not
		// unpacked to /tmp by a process that holds capabilities
		c.addAll(List.of(java.toString(), "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"--enable-native-access=ALL-UNNAMED", "-Djna.boot.library.path=" + app.resolve("native"), "-Djna.nounpack=true",
				"-cp", app + File.separator + "*", PCAP4J_MAIN));
		return new CaptureService(c, java, "the pcap4j capture process");
	}

	/** @return the binary that needs the capabilities, for messages ("setcap ... PATH") */
	public Path binary() {
		return fBinary;
	}

	/** @return which capture process runs, for people: {@code dumpcap} or {@code the pcap4j capture process} */
	public String processName() {
		return fName;
	}

	/** @return where a capture runtime is looked for, in that order */
	static List<Path> runtimeCandidates() {
		List<Path> out = new ArrayList<>();
		String p = System.getProperty("feedscope.capture.runtime");
		if (p != null && !p.isBlank()) {
			out.add(Path.of(p));
			return out;
		}
		// under /usr/lib: glibc resolves a capability-carrying launcher's $ORIGIN library path only in trusted
		// system directories, so the capable runtime is installed there (README "Live capture")
		out.add(Path.of("/usr/lib/feedscope/capture"));
		String home = System.getProperty("eclipse.home.location");
		if (home != null && home.startsWith("file:")) {
			try {
				out.add(Path.of(java.net.URI.create(home.replace(" ", "%20"))).resolve("capture"));
			} catch (IllegalArgumentException e) {
				// not a file location: no product folder to look in
			}
		}
		return out;
	}

	static @Nullable Path findRuntime() {
		for (Path r : runtimeCandidates()) {
			if (Files.isExecutable(r.resolve("bin/java")) && Files.isDirectory(r.resolve("app"))) {
				return r;
			}
		}
		return null;
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
			throw new CaptureException(fName + " cannot list the interfaces: " + (q.err.isBlank() ? "exit code " + q.code : q.err.strip()));
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
			throw new CaptureException(fName + "'s answer could not be read: " + e.getMessage());
		}
		if (q.code != 0) {
			throw new CaptureException(fName + " could not check the filter on " + device + " (exit code " + q.code + ")");
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
			return fName + " cannot capture on " + device + ": " + first.replace('\n', ' ');
		}
		return "no permission to capture on " + device + ": the capture process (" + fBinary + ") needs the capabilities "
				+ CAPABILITIES + " (" + fName + " said: " + first.replace('\n', ' ') + "). Give them to that binary"
				+ (fName.equals("dumpcap") ? "" : " (the capture runtime's own java, which runs nothing else)")
				+ ", never to the java that runs FeedScope: "
				+ "sudo setcap cap_net_raw,cap_net_admin+eip " + fBinary + (fName.equals("dumpcap")
						? " (Debian: dpkg-reconfigure wireshark-common and join the wireshark group), or capture as root"
						: " (README: Live capture), or capture as root");
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
			throw new CaptureException("interrupted while waiting for the capture process");
		} catch (IOException e) {
			throw new CaptureException("the capture process' answer could not be read: " + e.getMessage());
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
