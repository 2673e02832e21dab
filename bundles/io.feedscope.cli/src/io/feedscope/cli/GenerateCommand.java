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
import io.feedscope.generator.PitchGenerator;
import io.feedscope.generator.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code feedscope generate}: writes a synthetic capture and its ground truth. */
@Command(name = "generate", description = {
		"Write a synthetic ITCH 5.0 / MoldUDP64 A/B capture and its ground truth (FILE.truth.json).", "",
		"Writes a realistic NASDAQ TotalView-ITCH 5.0 over MoldUDP64 capture (lines A and B) and, next to it, "
				+ "FILE.truth.json: what each line delivered and lost, freezes, straddling packets, duplicates, malformed "
				+ "frames... by frame number. Same seed, same bytes." },
		footer = "example: feedscope generate --preset incident --seed 7 --format pcapng -o incident.pcapng")
final class GenerateCommand extends CliCommand {

	@Option(names = { "-o", "--output" }, paramLabel = "FILE", description = "the capture to write (required)")
	@Nullable
	String fOutput;

	@Option(names = "--preset", paramLabel = "NAME", completionCandidates = Presets.class, description = {
			"${COMPLETION-CANDIDATES} (default demo; pitch: Cboe PITCH units on A/B, a freeze and losses; "
					+ "--seed/--duration/--rate only)" })
	String fPreset = "demo";

	@Option(names = "--seed", paramLabel = "N", description = "random seed (default 1)")
	@Nullable
	String fSeed;

	@Option(names = "--frames", paramLabel = "N", description = "stop after about N frames")
	@Nullable
	String fFrames;

	@Option(names = "--duration", paramLabel = "S", description = "stop after S seconds of capture time (e.g. 2.5)")
	@Nullable
	String fDuration;

	@Option(names = "--rate", paramLabel = "N", description = "ITCH messages per second (default of the preset)")
	@Nullable
	String fRate;

	@Option(names = "--format", paramLabel = "F", completionCandidates = Formats.class,
			description = "pcap, pcap-ns or pcapng (default: pcapng if FILE ends in .pcapng, else pcap)")
	@Nullable
	String fFormat;

	@Option(names = "--vlan", paramLabel = "ID", parameterConsumer = VlanIds.class,
			description = "802.1Q tag; several ids (after one --vlan) stack tags (outer first)")
	List<String> fVlans = new ArrayList<>();

	@Option(names = "--session", paramLabel = "S", description = "MoldUDP64 session, up to 10 characters (default 000004711B)")
	@Nullable
	String fSession;

	@Option(names = "--no-udp-checksum", description = "write UDP checksum 0 instead of the valid checksum")
	boolean fNoChecksum;

	@Option(names = "--frame-table", description = {
			"also write FILE.frames.tsv (per frame: the MoldUDP64 fields a dissector must show, as tshark -T fields prints them)" })
	boolean fFrameTable;

	@Option(names = "--force", description = "overwrite existing files")
	boolean fForce;

	/** Arguments that are not options: none; named, so that the error says where the file goes. */
	@Parameters(hidden = true, arity = "0..*")
	List<String> fUnexpected = new ArrayList<>();

	/** The presets, for the help and the completion script. */
	static final class Presets implements Iterable<String> {
		@Override
		public Iterator<String> iterator() {
			List<String> all = new ArrayList<>(Scenario.PRESETS);
			all.add(PitchGenerator.PRESET);
			return all.iterator();
		}
	}

	/** What --format takes, for the completion script. */
	static final class Formats implements Iterable<String> {
		@Override
		public Iterator<String> iterator() {
			return List.of("pcap", "pcap-ns", "pcapng").iterator();
		}
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
		if (output == null) {
			throw new UsageException("missing -o FILE: the capture to write");
		}
		if (frames != null && duration != null) {
			throw new UsageException("--frames and --duration exclude each other: give one");
		}
		Path file = Path.of(output);
		CaptureFormat f = format(format, file);
		if (preset.equals(PitchGenerator.PRESET)) {
			return pitch(file, f, seed, duration, rate, force, !vlans.isEmpty() || session != null || table || frames != null, out,
					err);
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
		}
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			throw new UsageException("-o: directory " + parent + " does not exist");
		}
		Scenario s = b.build();
		try {
			Generator.Result r = new Generator(s).format(f).overwrite(force).frameTable(table).write(file);
			double secs = r.elapsedNanos() / 1e9;
			out.printf(Locale.ROOT, "wrote %s (%s, preset %s, seed %d): %,d frames, %,d ITCH messages, %.1f MB%n",
					file, f.id(), s.name(), s.seed(), r.frames(), r.messages(), r.bytes() / 1e6);
			out.printf(Locale.ROOT, "ground truth: %s%s%n", r.truth(),
					r.frameTable() == null ? "" : ", frame table: " + r.frameTable());
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

	/** The Cboe PITCH preset: its own generator (Sequenced Unit Header framing, units, A/B lines). */
	private static int pitch(Path file, CaptureFormat f, @Nullable Long seed, @Nullable Double duration, @Nullable Double rate, boolean force,
			boolean moldOnlyOptions, PrintStream out, PrintStream err) throws UsageException {
		if (moldOnlyOptions) {
			throw new UsageException("--preset pitch takes --seed, --duration, --rate, --format and --force only");
		}
		PitchGenerator g = new PitchGenerator().format(f).overwrite(force);
		try {
			if (seed != null) {
				g.seed(seed);
			}
			if (duration != null) {
				g.durationNanos(Math.round(duration * 1e9));
			}
			if (rate != null) {
				g.rate(rate);
			}
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		try {
			PitchGenerator.Result r = g.write(file);
			out.printf(Locale.ROOT, "wrote %s (%s, preset pitch): %,d frames, %,d PITCH messages, %.1f MB%n", file, f.id(),
					r.frames(), r.messages(), r.bytes() / 1e6);
			out.printf(Locale.ROOT, "ground truth: %s%n", r.truth());
			return 0;
		} catch (FileAlreadyExistsException e) {
			err.println("feedscope generate: " + e.getFile() + " exists; give --force to overwrite it");
			return 2;
		} catch (IOException e) {
			err.println("feedscope generate: cannot write " + file + ": " + e);
			return 1;
		}
	}

	private static CaptureFormat format(@Nullable String format, Path file) throws UsageException {
		if (format == null) {
			return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pcapng") ? CaptureFormat.PCAPNG
					: CaptureFormat.PCAP;
		}
		return switch (format) {
		case "pcap" -> CaptureFormat.PCAP;
		case "pcap-ns" -> CaptureFormat.PCAP_NS;
		case "pcapng" -> CaptureFormat.PCAPNG;
		default -> throw new UsageException("--format must be pcap, pcap-ns or pcapng, not '" + format + "'");
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
