package io.feedscope.wireshark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.feedscope.dissect.Binding;

/**
 * Starts Wireshark on frames FeedScope wrote (issue 12 §2, "Open in Wireshark"): finds the {@code wireshark}
 * program on the PATH, builds its command line ({@code -X lua_script:} the exported dissector, {@code -r} the
 * annotated pcapng, {@code -g} the frame to show) and starts it detached. No UI here: the workbench only wires
 * its menus to it, and tests read the command line it builds.
 * <p>
 * The environment is given, not read from {@link System#getenv()} each time, so that a test can put a fake
 * {@code wireshark} on the PATH the launcher searches (a JVM cannot change its own environment).
 */
public final class WiresharkLauncher {

	/** the program looked for on the PATH */
	public static final String PROGRAM = "wireshark";

	private final Map<String, String> fEnvironment;

	/** @param environment the environment to search the PATH of and to start Wireshark with */
	public WiresharkLauncher(Map<String, String> environment) {
		fEnvironment = Map.copyOf(environment);
	}

	/** @return a launcher over this process's environment */
	public static WiresharkLauncher system() {
		return new WiresharkLauncher(System.getenv());
	}

	/** @return the environment Wireshark is searched in and started with */
	public Map<String, String> environment() {
		return fEnvironment;
	}

	/** @return the first executable {@value #PROGRAM} on the PATH, as a shell finds it; empty when there is none */
	public Optional<Path> find() {
		String path = fEnvironment.getOrDefault("PATH", "");
		for (String dir : path.split(File.pathSeparator)) {
			if (dir.isEmpty()) {
				continue; // an empty entry would mean the working directory: not where we look for a program
			}
			Path p = Path.of(dir, PROGRAM);
			if (Files.isRegularFile(p) && Files.isExecutable(p)) {
				return Optional.of(p);
			}
		}
		return Optional.empty();
	}

	/**
	 * @param wireshark the program
	 * @param lua the exported dissector
	 * @param capture the pcapng to open
	 * @param frame the frame to select (1-based; 0 or less: none)
	 * @param extra more options before {@code -r} (e.g. {@code -o} preferences), may be empty
	 * @return the command line: {@code wireshark -X lua_script:LUA [extra] -r CAPTURE -g FRAME}
	 */
	public static List<String> command(Path wireshark, Path lua, Path capture, int frame, List<String> extra) {
		List<String> cmd = new ArrayList<>();
		cmd.add(wireshark.toString());
		cmd.add("-X");
		cmd.add("lua_script:" + lua.toAbsolutePath());
		cmd.addAll(extra);
		cmd.add("-r");
		cmd.add(capture.toAbsolutePath().toString());
		if (frame > 0) {
			cmd.add("-g");
			cmd.add(Integer.toString(frame));
		}
		return cmd;
	}

	/**
	 * Wireshark's Decode As for FeedScope's bindings, so that a feed on a port its description does not name
	 * decodes in Wireshark as it does in FeedScope: {@code -d udp.port==N[-M],PROTO} for each port binding, PROTO
	 * the exported dissector's filter name ({@link LuaExporter#prefixOf}: {@code fs.moldudp64} where the name
	 * is a Wireshark built-in). Group bindings ({@code ip.dst==CIDR}) have no Wireshark dissector table to
	 * name and are left out; a feed chosen after the framing ({@code /itch50}) is the one the exported framing
	 * dispatches to by default.
	 *
	 * @param bindings FeedScope's bindings, as the preference or {@code --bind} holds them
	 * @return the options, in the bindings' order, each port binding once
	 */
	public static List<String> decodeAs(List<Binding> bindings, LuaExporter.Options options) {
		List<String> out = new ArrayList<>();
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (Binding b : bindings) {
			if (b.group() != null || b.portLow() < 0 || b.protocol().isEmpty()) {
				continue;
			}
			String d = "udp.port==" + b.portLow() + (b.portHigh() != b.portLow() ? "-" + b.portHigh() : "") + ","
					+ LuaExporter.prefixOf(b.protocol(), options) + b.protocol();
			if (seen.add(d)) {
				out.add("-d");
				out.add(d);
			}
		}
		return out;
	}

	/**
	 * Starts Wireshark detached: its output goes to {@code wireshark.log} next to the capture (Wireshark's
	 * warnings would otherwise fill a pipe nobody reads and block it), and nothing waits for it.
	 *
	 * @return the process started
	 * @throws IOException when Wireshark is not on the PATH (saying so) or cannot be started
	 */
	public Process start(Path lua, Path capture, int frame, List<String> extra) throws IOException {
		Path wireshark = find().orElseThrow(() -> new IOException(
				"Wireshark is not installed: no '" + PROGRAM + "' on the PATH (" + fEnvironment.getOrDefault("PATH", "") + ")"));
		ProcessBuilder pb = new ProcessBuilder(command(wireshark, lua, capture, frame, extra));
		pb.environment().clear();
		pb.environment().putAll(fEnvironment);
		Path parent = capture.toAbsolutePath().getParent();
		File log = (parent == null ? Path.of("wireshark.log") : parent.resolve("wireshark.log")).toFile();
		pb.redirectErrorStream(true);
		pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
		pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		return pb.start();
	}
}
