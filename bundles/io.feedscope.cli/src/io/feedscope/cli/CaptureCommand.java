package io.feedscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import picocli.CommandLine.Model.CommandSpec;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.capture.live.CaptureDevice;
import io.feedscope.capture.live.CaptureException;
import io.feedscope.capture.live.CaptureService;
import io.feedscope.capture.live.CaptureSpec;
import io.feedscope.capture.live.CaptureStatus;
import io.feedscope.capture.live.LiveCapture;
import io.feedscope.capture.live.LiveSession;
import io.feedscope.capture.live.RingSpec;
import io.feedscope.dissect.ProtocolSet;

/**
 * {@code feedscope capture}: live capture through dumpcap (the capture process holds the capabilities, this
 * JVM none) into pcapng files, with the analysis headline every second while it runs.
 * <p>
 * The analysis is run again over everything captured so far once a second (not incrementally): simple and
 * exact, and cheap for the minutes a live look lasts; a capture of hours is better analysed from its files.
 */
final class CaptureCommand extends CliCommand {

	// the options, as picocli sets them (model() says which is which)
	@Nullable
	String fDevice;
	String fFilter = "";
	@Nullable
	String fDirectory;
	@Nullable
	String fRing;
	boolean fAnalyze;
	@Nullable
	String fDuration;
	@Nullable
	String fProcess;
	boolean fList;
	List<String> fBinds = new ArrayList<>();
	List<String> fProtocolFiles = new ArrayList<>();
	/** Arguments that are not options: none; taken, so that the error says which. */
	List<String> fUnexpected = new ArrayList<>();

	/** The command's options, arguments and help, in code (start-up: see {@link CommandModel}). */
	@Override
	CommandSpec model() {
		CommandSpec spec = CommandModel.command("capture", this,
				"Live capture through dumpcap into pcapng files, with the analysis headline every second.", "",
				"Captures from an interface into pcapng files in DIR through dumpcap (Debian package wireshark-common), as "
						+ "Wireshark does: dumpcap alone needs the capabilities CAP_NET_RAW and CAP_NET_ADMIN (sudo setcap "
						+ "cap_net_raw,cap_net_admin+eip /usr/bin/dumpcap; never give them to java). Prints the packet count, rate "
						+ "and drops every second; stops after --duration or on Ctrl-C, then lists the files written.");
		spec.usageMessage().footer("exit codes: 0 captured, 1 the capture failed (no permission, no dumpcap), 2 wrong arguments",
				"example: feedscope capture -i eth1 -f 'udp and dst net 233.54.12.0/24' -w /data/cap --ring 100MB,10 --analyze");
		spec.addOption(CommandModel.value(() -> fDevice, v -> fDevice = v, "-i", "--interface").paramLabel("IF")
				.description("the interface to capture on (-D lists them with their addresses)").build());
		spec.addOption(CommandModel.text(() -> fFilter, v -> fFilter = v, "-f", "--capture-filter").paramLabel("BPF")
				.description("a capture filter (pcap-filter(7)), checked before the capture starts, e.g. 'udp and dst net 233.54.12.0/24'")
				.build());
		spec.addOption(CommandModel.value(() -> fDirectory, v -> fDirectory = v, "-w", "--directory").paramLabel("DIR")
				.description("where the files go (an existing directory; nothing is overwritten)").build());
		spec.addOption(CommandModel.value(() -> fRing, v -> fRing = v, "--ring").paramLabel("SIZE,FILES")
				.description("a ring of FILES files of SIZE each (kB, MB or GB; MB when no unit), e.g. 100MB,10: the oldest file is deleted as a new one starts")
				.build());
		spec.addOption(CommandModel.flag(() -> fAnalyze, v -> fAnalyze = v, "--analyze")
				.description("also print the feed analysis headline every second (the analysis of everything captured so far), and the whole summary at the end")
				.build());
		spec.addOption(CommandModel.value(() -> fDuration, v -> fDuration = v, "--duration").paramLabel("S").description("stop after S seconds")
				.build());
		spec.addOption(CommandModel.value(() -> fProcess, v -> fProcess = v, "--capture-process").paramLabel("PROCESS")
				.description("dumpcap, pcap4j, or auto (the default): which process captures; auto runs dumpcap when it is installed, else "
						+ "FeedScope's pcap4j capture process (README: Live capture)")
				.build());
		spec.addOption(CommandModel.flag(() -> fList, v -> fList = v, "-D", "--list-interfaces")
				.description("list the interfaces and their addresses, and exit").build());
		spec.addOption(CommandModel.values(() -> fBinds, v -> fBinds = v, "--bind").paramLabel("SPEC").description(Bindings.BIND_HELP).build());
		spec.addOption(CommandModel.values(() -> fProtocolFiles, v -> fProtocolFiles = v, "--protocol").paramLabel("FILE")
				.description(Bindings.PROTOCOL_HELP).build());
		spec.addPositional(CommandModel.parameters(() -> fUnexpected, v -> fUnexpected = v).hidden(true).build());
		return spec;
	}

	/** The options, checked: what picocli's syntax does not say (values, the directory, what -D leaves out). */
	record Options(String device, String filter, Path directory, @Nullable RingSpec ring, boolean analyze, long duration,
			boolean list, List<String> binds, List<String> protocolFiles) {
	}

	private Options options() throws UsageException {
		if (!fUnexpected.isEmpty()) {
			throw new UsageException("unknown option or argument '" + fUnexpected.get(0) + "'");
		}
		RingSpec ring = null;
		if (fRing != null) {
			try {
				ring = RingSpec.parse(fRing);
			} catch (IllegalArgumentException | ArithmeticException e) {
				throw new UsageException("--ring: " + e.getMessage());
			}
		}
		long duration = 0;
		if (fDuration != null) {
			try {
				duration = Long.parseLong(fDuration);
			} catch (NumberFormatException e) {
				throw new UsageException("--duration needs whole seconds, not '" + fDuration + "'");
			}
			if (duration < 1) {
				throw new UsageException("--duration must be at least 1 second, not " + fDuration);
			}
		}
		String device = fDevice;
		Path dir = fDirectory == null ? null : Path.of(fDirectory);
		if (!fList) {
			if (device == null) {
				throw new UsageException("no interface: -i IF (feedscope capture -D lists them)");
			}
			if (dir == null) {
				throw new UsageException("no directory for the capture files: -w DIR");
			}
			if (!Files.isDirectory(dir)) {
				throw new UsageException("-w " + dir + ": no such directory");
			}
		}
		return new Options(device == null ? "" : device, fFilter, dir == null ? Path.of(".") : dir, ring, fAnalyze,
				duration, fList, fBinds, fProtocolFiles);
	}

	@Override
	int run(PrintStream out, PrintStream err) throws UsageException {
		Options o = options();
		CaptureService service;
		try {
			String process = fProcess;
			if (process != null && !CaptureService.PROCESSES.contains(process)) {
				throw new UsageException("--capture-process must be one of " + String.join(", ", CaptureService.PROCESSES)
						+ ", not '" + process + "'");
			}
			service = process == null ? CaptureService.find() : CaptureService.find(process);
			if (o.list()) {
				for (CaptureDevice d : service.devices()) {
					out.println(d.label());
				}
				return 0;
			}
			String bad = service.checkFilter(o.device(), o.filter());
			if (bad != null) {
				throw new UsageException("capture filter '" + o.filter() + "' is wrong for " + o.device() + ": " + bad);
			}
		} catch (CaptureException e) {
			err.println("feedscope capture: " + e.getMessage());
			return 1;
		}
		ProtocolSet protocols = null;
		if (o.analyze()) {
			try {
				protocols = Bindings.parse(o.binds(), o.protocolFiles()).protocols();
			} catch (Bindings.UnknownProtocol e) {
				throw new UsageException(e.getMessage());
			}
		}
		LiveSession session;
		try {
			session = service.start(new CaptureSpec(o.device(), o.filter(), o.directory(), o.ring(), o.duration()));
		} catch (CaptureException e) {
			err.println("feedscope capture: " + e.getMessage());
			return 1;
		}
		// Ctrl-C: stop dumpcap cleanly (it also gets the signal from the terminal) so the files are complete
		Thread hook = new Thread(() -> {
			try {
				session.stop();
			} catch (IOException e) {
				// exiting anyway
			}
		}, "feedscope-capture-stop");
		Runtime.getRuntime().addShutdownHook(hook);
		LiveCapture capture = session.capture();
		try {
			out.println("capturing on " + o.device() + (o.filter().isBlank() ? "" : " (" + o.filter() + ")") + " into "
					+ o.directory() + (o.ring() == null ? "" : ", ring " + o.ring()) + " (" + service.processName() + ")");
			DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss");
			while (!session.awaitEnd(1_000)) {
				CaptureStatus s = session.status();
				String line = LocalTime.now().format(clock) + "  " + s.text();
				if (protocols != null) {
					capture.refresh();
					line += ", " + capture.frameCount() + " frames: " + analyze(capture, protocols).summary().headlineText();
				}
				out.println(line);
				out.flush();
			}
			session.stop();
			CaptureStatus s = session.status();
			out.println("stopped: " + s.text());
			for (Path f : s.files()) {
				out.println("  " + f + (Files.exists(f) ? "" : " (deleted by the ring)"));
			}
			capture.refresh();
			for (io.feedscope.capture.CaptureProblem p : capture.problems()) {
				err.println("feedscope capture: warning: " + p);
			}
			if (protocols != null) {
				out.print(analyze(capture, protocols).summaryText());
			}
			if (s.error() != null) {
				err.println("feedscope capture: " + s.error());
				return 1;
			}
			return 0;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return 1;
		} catch (IOException e) {
			err.println("feedscope capture: " + e.getMessage());
			return 1;
		} finally {
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			} catch (IllegalStateException e) {
				// already shutting down: the hook stops the capture
			}
			try {
				session.close();
				capture.close();
			} catch (IOException e) {
				// read-only files
			}
		}
	}

	/** The analysis of everything captured so far (as {@code feedscope analyze} of the files would give it). */
	static AnalysisResult analyze(LiveCapture capture, ProtocolSet protocols) {
		try (CaptureMerger m = new CaptureMerger(List.of(DissectedPacketSource.borrowing(capture, protocols)))) {
			return FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
		}
	}
}
