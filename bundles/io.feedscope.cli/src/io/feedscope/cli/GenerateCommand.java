package io.feedscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Stack;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.TapPath;
import io.feedscope.generator.feed.FeedPreset;
import io.feedscope.generator.feed.FeedPresets;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code feedscope generate}: writes a synthetic capture and its ground truth. */
final class GenerateCommand extends CliCommand {

	// the options, as picocli sets them (model() says which is which)
	@Nullable
	String fOutput;
	String fPreset = "demo";
	@Nullable
	String fSeed;
	@Nullable
	String fFrames;
	@Nullable
	String fDuration;
	@Nullable
	String fRate;
	@Nullable
	String fFormat;
	List<String> fVlans = new ArrayList<>();
	@Nullable
	String fSession;
	boolean fNoChecksum;
	boolean fFrameTable;
	boolean fForce;
	boolean fListPresets;
	List<String> fTaps = new ArrayList<>();
	/** Arguments that are not options: none; taken, so that the error says where the file goes. */
	List<String> fUnexpected = new ArrayList<>();

	/** The command's options, arguments and help, in code (start-up: see {@link CommandModel}). */
	@Override
	CommandSpec model() {
		CommandSpec spec = CommandModel.command("generate", this,
				"Write a synthetic ITCH 5.0 / MoldUDP64 A/B capture and its ground truth (FILE.truth.json).", "",
				"Writes a realistic NASDAQ TotalView-ITCH 5.0 over MoldUDP64 capture (lines A and B) and, next to it, "
						+ "FILE.truth.json: what each line delivered and lost, freezes, straddling packets, duplicates, malformed "
						+ "frames... by frame number. Same seed, same bytes.");
		spec.usageMessage().footer("example: feedscope generate --preset incident --seed 7 --format pcapng -o incident.pcapng");
		spec.addOption(CommandModel.value(() -> fOutput, v -> fOutput = v, "-o", "--output").paramLabel("FILE")
				.description("the capture to write (required)").build());
		spec.addOption(CommandModel.text(() -> fPreset, v -> fPreset = v, "--preset").paramLabel("NAME").completionCandidates(new Presets())
				.description("${COMPLETION-CANDIDATES} (default demo" + contributedPresets() + ")").build());
		spec.addOption(CommandModel.flag(() -> fListPresets, v -> fListPresets = v, "--list-presets")
				.description("list the installed presets (the generator's own and those feed plug-ins contribute) and exit").build());
		spec.addOption(CommandModel.value(() -> fSeed, v -> fSeed = v, "--seed").paramLabel("N").description("random seed (default 1)").build());
		spec.addOption(CommandModel.value(() -> fFrames, v -> fFrames = v, "--frames").paramLabel("N").description("stop after about N frames")
				.build());
		spec.addOption(CommandModel.value(() -> fDuration, v -> fDuration = v, "--duration").paramLabel("S")
				.description("stop after S seconds of capture time (e.g. 2.5)").build());
		spec.addOption(CommandModel.value(() -> fRate, v -> fRate = v, "--rate").paramLabel("N")
				.description("ITCH messages per second (default of the preset)").build());
		spec.addOption(CommandModel.value(() -> fFormat, v -> fFormat = v, "--format").paramLabel("F")
				.completionCandidates(CommandModel.candidates("pcap", "pcap-ns", "pcapng", "binaryfile"))
				.description("pcap, pcap-ns, pcapng or binaryfile (default: pcapng if FILE ends in .pcapng, binaryfile if it ends "
						+ "in .NASDAQ_ITCH50[.gz], else pcap). binaryfile: a NASDAQ BinaryFILE day file of every message the "
						+ "scenario made, in sequence order (gzip'd if FILE ends in .gz); name it MMDDYYYY.NASDAQ_ITCH50 to date it")
				.build());
		spec.addOption(CommandModel.values(() -> fVlans, v -> fVlans = v, "--vlan").paramLabel("ID").parameterConsumer(new VlanIds())
				.description("802.1Q tag; several ids (after one --vlan) stack tags (outer first)").build());
		spec.addOption(CommandModel.value(() -> fSession, v -> fSession = v, "--session").paramLabel("S")
				.description("MoldUDP64 session, up to 10 characters (default 000004711B)").build());
		spec.addOption(CommandModel.flag(() -> fNoChecksum, v -> fNoChecksum = v, "--no-udp-checksum")
				.description("write UDP checksum 0 instead of the valid checksum").build());
		spec.addOption(CommandModel.flag(() -> fFrameTable, v -> fFrameTable = v, "--frame-table")
				.description("also write FILE.frames.tsv (per frame: the MoldUDP64 fields a dissector must show, as tshark -T fields prints them)")
				.build());
		spec.addOption(CommandModel.flag(() -> fForce, v -> fForce = v, "--force").description("overwrite existing files").build());
		spec.addOption(CommandModel.values(() -> fTaps, v -> fTaps = v, "--tap").paramLabel("HOP")
				.description("one more tap point downstream (repeat for each): "
						+ "DELAY[,drop=LINE@AT*N][,miss=LINE@AT*N]..., e.g. 20us-40us,drop=A@0.3*2 (the hop drops 2 packets of line A "
						+ "30%% into the capture) or 200us,miss=B@0.6*1 (the tap's capture misses one); writes FILE.tapK.EXT per tap "
						+ "and states each hop in the truth's taps member")
				.build());
		spec.addPositional(CommandModel.parameters(() -> fUnexpected, v -> fUnexpected = v).hidden(true).build());
		return spec;
	}

	/** The contributed presets to use instead of the installed ones (tests: a plug-in on a class path of their own). */
	static @Nullable FeedPresets sFeeds;

	/** @return the contributed presets: the installed plug-ins' ({@link FeedPresets#getDefault()}) */
	static FeedPresets feeds() {
		FeedPresets f = sFeeds;
		return f != null ? f : FeedPresets.getDefault();
	}

	/** The presets, for the help and the completion script: the generator's own, then the plug-ins' contributions. */
	static final class Presets implements Iterable<String> {
		@Override
		public Iterator<String> iterator() {
			return installedPresets().iterator();
		}
	}

	/** @return every preset's name: the generator's own, then those the installed plug-ins contribute */
	static List<String> installedPresets() {
		List<String> all = new ArrayList<>(Scenario.PRESETS);
		for (FeedPresets.Preset p : feeds().presets()) {
			all.add(p.name());
		}
		return all;
	}

	/** @return "; NAME: DESCRIPTION (--seed/... only)" per contributed preset, as picocli text (no format or variable) */
	private static String contributedPresets() {
		StringBuilder b = new StringBuilder();
		for (FeedPresets.Preset p : feeds().presets()) {
			b.append("; ").append(p.name()).append(": ").append(p.description()).append(" (").append(optionList(p)).append(" only)");
		}
		return b.toString().replace("%", "%%").replace("${", "$${");
	}

	/** @return the options a contributed preset takes besides --format and --force, e.g. "--seed/--duration/--rate" */
	private static String optionList(FeedPresets.Preset p) {
		StringBuilder b = new StringBuilder();
		for (FeedPreset.Option o : FeedPreset.Option.values()) {
			if (p.options().contains(o)) {
				b.append(b.length() > 0 ? "/" : "").append("--").append(o.id());
			}
		}
		return b.length() == 0 ? "--format/--force" : b.toString();
	}

	/** --vlan ID...: the whole numbers that follow one --vlan, as the command took them before picocli. */
	@NonNullByDefault({}) // picocli's interface says nothing of nulls
	static final class VlanIds implements IParameterConsumer {
		@Override
		public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
			if (args.isEmpty() || args.peek().startsWith("--")) {
				throw new ParameterException(commandSpec.commandLine(), "--vlan needs a value");
			}
			List<String> ids = argSpec.getValue();
			ids.add(args.pop());
			while (!args.isEmpty() && args.peek().matches("\\d+")) {
				ids.add(args.pop());
			}
		}
	}

	@Override
	int run(PrintStream out, PrintStream err) throws UsageException {
		if (!fUnexpected.isEmpty()) {
			throw new UsageException("unexpected argument '" + fUnexpected.get(0) + "' (the output file is given with -o)");
		}
		FeedPresets feeds = feeds();
		// a contribution that cannot be used is said every time generate runs, never skipped silently
		for (String problem : feeds.problems()) {
			err.println("feedscope generate: " + problem);
		}
		if (fListPresets) {
			listPresets(feeds, out);
			return 0;
		}
		String preset = fPreset;
		Long seed = fSeed == null ? null : number(fSeed, "--seed", Long.MIN_VALUE);
		Long frames = fFrames == null ? null : number(fFrames, "--frames", 1);
		Double duration = fDuration == null ? null : decimal(fDuration, "--duration");
		Double rate = fRate == null ? null : decimal(fRate, "--rate");
		String format = fFormat;
		List<Integer> vlans = new ArrayList<>();
		for (String v : fVlans) {
			vlans.add((int) range(number(v, "--vlan", 0), "--vlan", 4095));
		}
		String session = fSession;
		boolean checksums = !fNoChecksum;
		boolean table = fFrameTable;
		boolean force = fForce;
		String output = fOutput;
		List<TapPath.Hop> hops = new ArrayList<>();
		for (String t : fTaps) {
			hops.add(hop(t));
		}
		if (output == null) {
			throw new UsageException("missing -o FILE: the capture to write");
		}
		if (frames != null && duration != null) {
			throw new UsageException("--frames and --duration exclude each other: give one");
		}
		Path file = Path.of(output);
		CaptureFormat f = format(format, file);
		FeedPresets.Preset contributed = feeds.preset(preset);
		if (contributed == null && !Scenario.PRESETS.contains(preset)) {
			throw new UsageException("--preset: unknown preset '" + preset + "' (installed: " + String.join(", ", installedPresets()) + ")");
		}
		if (!hops.isEmpty() && (f == CaptureFormat.BINARY_FILE || contributed != null)) {
			throw new UsageException("--tap writes MoldUDP64 captures: not with --format binaryfile or --preset " + preset);
		}
		if (f == CaptureFormat.BINARY_FILE && (table || contributed != null)) {
			throw new UsageException("--format binaryfile writes ITCH 5.0 messages without frames: no --frame-table, no --preset "
					+ preset);
		}
		if (contributed != null) {
			return contributed(contributed, file, f, seed, duration, rate, force,
					!vlans.isEmpty() || session != null || table || frames != null, out, err);
		}
		Scenario.Builder b;
		try {
			b = Scenario.preset(preset);
		} catch (IllegalArgumentException e) {
			throw new UsageException("--preset: " + e.getMessage());
		}
		try {
			if (seed != null) {
				b.seed(seed);
			}
			if (frames != null) {
				b.frames(frames);
			}
			if (duration != null) {
				if (!(duration > 0 && duration <= 86_400)) {
					throw new UsageException("--duration must be between 0 and 86400 seconds, not " + duration);
				}
				b.duration(Math.round(duration * 1e9));
			}
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		try {
			if (rate != null) {
				b.rate(rate);
			}
		} catch (IllegalArgumentException e) {
			throw new UsageException("--rate: " + e.getMessage());
		}
		try {
			if (session != null) {
				b.session(session);
			}
		} catch (IllegalArgumentException e) {
			throw new UsageException("--session: " + e.getMessage());
		}
		b.vlans(vlans.stream().mapToInt(Integer::intValue).toArray()).udpChecksums(checksums);
		if (!force) {
			for (Path p : List.of(file, Generator.truthPath(file), Generator.frameTablePath(file))) {
				if (Files.exists(p) && (table || !p.equals(Generator.frameTablePath(file)))) {
					throw new UsageException(p + " exists; give --force to overwrite it");
				}
			}
			for (int k = 1; k <= hops.size(); k++) {
				if (Files.exists(TapPath.tapPath(file, k))) {
					throw new UsageException(TapPath.tapPath(file, k) + " exists; give --force to overwrite it");
				}
			}
		}
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			throw new UsageException("-o: directory " + parent + " does not exist");
		}
		Scenario s = b.build();
		try {
			Generator.Result r = new Generator(s).format(f).overwrite(force).frameTable(table).taps(hops).write(file);
			double secs = r.elapsedNanos() / 1e9;
			if (f == CaptureFormat.BINARY_FILE) {
				out.printf(Locale.ROOT, "wrote %s (%s, preset %s, seed %d): %,d ITCH messages, %.1f MB%n", file, f.id(),
						s.name(), s.seed(), r.messages(), r.bytes() / 1e6);
			} else {
				out.printf(Locale.ROOT, "wrote %s (%s, preset %s, seed %d): %,d frames, %,d ITCH messages, %.1f MB%n",
						file, f.id(), s.name(), s.seed(), r.frames(), r.messages(), r.bytes() / 1e6);
			}
			out.printf(Locale.ROOT, "ground truth: %s%s%n", r.truth(),
					r.frameTable() == null ? "" : ", frame table: " + r.frameTable());
			for (int k = 1; k <= hops.size(); k++) {
				out.printf(Locale.ROOT, "tap %d: %s%n", k, TapPath.tapPath(file, k));
			}
			out.printf(Locale.ROOT, "%.2f s, %,.0f frames/s, %.0f MB/s%n", secs, r.framesPerSecond(),
					r.bytes() / 1e6 / Math.max(secs, 1e-9));
			return 0;
		} catch (FileAlreadyExistsException e) {
			err.println("feedscope generate: " + e.getFile() + " exists; give --force to overwrite it");
			return 2;
		} catch (IOException e) {
			err.println("feedscope generate: cannot write " + file + ": " + e);
			return 1;
		}
	}

	/** --list-presets: one line per preset, the generator's own first. */
	private static void listPresets(FeedPresets feeds, PrintStream out) {
		for (String name : Scenario.PRESETS) {
			out.printf(Locale.ROOT, "%-12s moldudp64/itch50  (generator) NASDAQ TotalView-ITCH 5.0 over MoldUDP64 on A/B%n", name);
		}
		for (FeedPresets.Preset p : feeds.presets()) {
			out.printf(Locale.ROOT, "%-12s %-17s (%s) %s; takes %s%n", p.name(), p.framing() + "/" + p.messages(), p.contributor(),
					p.description(), optionList(p));
		}
	}

	/**
	 * A preset a feed plug-in contributes: its own writer (its framing, lines, truth), given the generic options
	 * its contribution lists.
	 */
	private static int contributed(FeedPresets.Preset p, Path file, CaptureFormat f, @Nullable Long seed, @Nullable Double duration,
			@Nullable Double rate, boolean force, boolean moldOnlyOptions, PrintStream out, PrintStream err) throws UsageException {
		if (moldOnlyOptions || seed != null && !p.options().contains(FeedPreset.Option.SEED)
				|| duration != null && !p.options().contains(FeedPreset.Option.DURATION)
				|| rate != null && !p.options().contains(FeedPreset.Option.RATE)) {
			String takes = optionList(p);
			throw new UsageException("--preset " + p.name() + " takes " + (takes.equals("--format/--force") ? "" : takes.replace("/", ", ") + ", ")
					+ "--format and --force only");
		}
		FeedPreset.Result r;
		try {
			r = p.write(file, seed, duration == null ? null : Math.round(duration * 1e9), rate, f, force);
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		} catch (IllegalStateException e) {
			err.println("feedscope generate: preset " + p.name() + " of " + p.contributor() + " cannot run: " + e.getMessage());
			return 1;
		} catch (FileAlreadyExistsException e) {
			err.println("feedscope generate: " + e.getFile() + " exists; give --force to overwrite it");
			return 2;
		} catch (IOException e) {
			err.println("feedscope generate: cannot write " + file + ": " + e);
			return 1;
		}
		out.printf(Locale.ROOT, "wrote %s (%s, preset %s): %,d frames, %,d %s messages, %.1f MB%n", file, f.id(), p.name(), r.frames(),
				r.messages(), p.messages().toUpperCase(Locale.ROOT), r.bytes() / 1e6);
		out.printf(Locale.ROOT, "ground truth: %s%n", r.truth());
		return 0;
	}

	private static final java.util.regex.Pattern DELAY = java.util.regex.Pattern
			.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms)(?:-(\\d+(?:\\.\\d+)?)(ns|us|ms))?");
	private static final java.util.regex.Pattern DROP = java.util.regex.Pattern
			.compile("(drop|miss)=([AB])@(\\d*\\.?\\d+)\\*(\\d+)");

	/** Reads one --tap HOP: DELAY[,drop=LINE@AT*N][,miss=LINE@AT*N]... */
	static TapPath.Hop hop(String text) throws UsageException {
		String[] parts = text.split(",");
		java.util.regex.Matcher d = DELAY.matcher(parts[0].strip());
		if (!d.matches()) {
			throw new UsageException("--tap " + text + ": the hop's delay first, e.g. 100us or 20us-40us, not '" + parts[0] + "'");
		}
		long min = nanos(d.group(1), d.group(2));
		long max = d.group(3) == null ? min : nanos(d.group(3), d.group(4));
		List<TapPath.Drop> drops = new ArrayList<>();
		List<TapPath.Drop> misses = new ArrayList<>();
		for (int k = 1; k < parts.length; k++) {
			java.util.regex.Matcher m = DROP.matcher(parts[k].strip());
			if (!m.matches()) {
				throw new UsageException("--tap " + text + ": '" + parts[k] + "' is not drop=LINE@AT*N or miss=LINE@AT*N (e.g. drop=A@0.3*2)");
			}
			try {
				TapPath.Drop x = new TapPath.Drop(Double.parseDouble(m.group(3)), Scenario.Line.valueOf(m.group(2)),
						Integer.parseInt(m.group(4)));
				(m.group(1).equals("drop") ? drops : misses).add(x);
			} catch (IllegalArgumentException e) {
				throw new UsageException("--tap " + text + ": " + e.getMessage());
			}
		}
		try {
			return new TapPath.Hop(min, max, drops, misses);
		} catch (IllegalArgumentException e) {
			throw new UsageException("--tap " + text + ": " + e.getMessage());
		}
	}

	private static long nanos(String number, String unit) {
		double v = Double.parseDouble(number);
		return Math.round(v * switch (unit) {
		case "ns" -> 1;
		case "us" -> 1_000;
		default -> 1_000_000;
		});
	}

	private static CaptureFormat format(@Nullable String format, Path file) throws UsageException {
		if (format == null) {
			String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
			return n.endsWith(".pcapng") ? CaptureFormat.PCAPNG
					: n.endsWith(".nasdaq_itch50") || n.endsWith(".nasdaq_itch50.gz") ? CaptureFormat.BINARY_FILE
							: CaptureFormat.PCAP;
		}
		return switch (format) {
		case "pcap" -> CaptureFormat.PCAP;
		case "pcap-ns" -> CaptureFormat.PCAP_NS;
		case "pcapng" -> CaptureFormat.PCAPNG;
		case "binaryfile" -> CaptureFormat.BINARY_FILE;
		default -> throw new UsageException("--format must be pcap, pcap-ns, pcapng or binaryfile, not '" + format + "'");
		};
	}

	private static long number(String v, String option, long min) throws UsageException {
		try {
			long n = Long.parseLong(v);
			if (n < min) {
				throw new UsageException(option + " must be at least " + min + ", not " + v);
			}
			return n;
		} catch (NumberFormatException e) {
			throw new UsageException(option + " needs a whole number, not '" + v + "'");
		}
	}

	private static long range(long v, String option, long max) throws UsageException {
		if (v > max) {
			throw new UsageException(option + " must be at most " + max + ", not " + v);
		}
		return v;
	}

	private static double decimal(String v, String option) throws UsageException {
		try {
			double d = Double.parseDouble(v);
			if (!(d > 0) || Double.isInfinite(d)) {
				throw new UsageException(option + " must be a positive number, not " + v);
			}
			return d;
		} catch (NumberFormatException e) {
			throw new UsageException(option + " needs a number, not '" + v + "'");
		}
	}
}
