package io.feedscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.PitchGenerator;
import io.feedscope.generator.Scenario;

import org.eclipse.jdt.annotation.Nullable;

/** {@code feedscope generate}: writes a synthetic capture and its ground truth. */
final class GenerateCommand implements Command {

	@Override
	public String name() {
		return "generate";
	}

	@Override
	public String summary() {
		return "write a synthetic ITCH 5.0 / MoldUDP64 A/B capture and its ground truth (FILE.truth.json)";
	}

	@Override
	public String usage() {
		return """
				usage: feedscope generate [options] -o FILE

				Writes a realistic NASDAQ TotalView-ITCH 5.0 over MoldUDP64 capture (lines A and B) and,
				next to it, FILE.truth.json: what each line delivered and lost, freezes, straddling
				packets, duplicates, malformed frames... by frame number. Same seed, same bytes.

				options:
				  -o, --output FILE     the capture to write (required)
				  --preset NAME         %s, pitch (default demo; pitch: Cboe PITCH units on
				                        A/B, a freeze and losses; --seed/--duration/--rate only)
				  --seed N              random seed (default 1)
				  --frames N            stop after about N frames
				  --duration S          stop after S seconds of capture time (e.g. 2.5)
				  --rate N              ITCH messages per second (default of the preset)
				  --format F            pcap, pcap-ns or pcapng (default: pcapng if FILE ends in
				                        .pcapng, else pcap)
				  --vlan ID...          802.1Q tag; several ids stack tags (outer first)
				  --session S           MoldUDP64 session, up to 10 characters (default 000004711B)
				  --no-udp-checksum     write UDP checksum 0 instead of the valid checksum
				  --frame-table         also write FILE.frames.tsv (per frame: the MoldUDP64 fields a
				                        dissector must show, as tshark -T fields prints them)
				  --force               overwrite existing files

				example: feedscope generate --preset incident --seed 7 --format pcapng -o incident.pcapng
				""".formatted(String.join(", ", Scenario.PRESETS));
	}

	@Override
	public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
		String preset = "demo";
		Long seed = null;
		Long frames = null;
		Double duration = null;
		Double rate = null;
		String format = null;
		List<Integer> vlans = new ArrayList<>();
		String session = null;
		boolean checksums = true;
		boolean table = false;
		boolean force = false;
		String output = null;
		for (int i = 0; i < args.size(); i++) {
			String a = args.get(i);
			switch (a) {
			case "-o", "--output" -> output = value(args, ++i, a);
			case "--preset" -> preset = value(args, ++i, a);
			case "--seed" -> seed = number(args, ++i, a, Long.MIN_VALUE);
			case "--frames" -> frames = number(args, ++i, a, 1);
			case "--duration" -> duration = decimal(args, ++i, a);
			case "--rate" -> rate = decimal(args, ++i, a);
			case "--format" -> format = value(args, ++i, a);
			case "--session" -> session = value(args, ++i, a);
			case "--vlan" -> {
				vlans.add((int) range(number(args, ++i, a, 0), a, 4095));
				while (i + 1 < args.size() && args.get(i + 1).matches("\\d+")) {
					vlans.add((int) range(number(args, ++i, a, 0), a, 4095));
				}
			}
			case "--no-udp-checksum" -> checksums = false;
			case "--frame-table" -> table = true;
			case "--force" -> force = true;
			default -> throw new UsageException(a.startsWith("-") ? "unknown option '" + a + "'"
					: "unexpected argument '" + a + "' (the output file is given with -o)");
			}
		}
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

	private static String value(List<String> args, int i, String option) throws UsageException {
		if (i >= args.size() || args.get(i).startsWith("--")) {
			throw new UsageException(option + " needs a value");
		}
		return args.get(i);
	}

	private static long number(List<String> args, int i, String option, long min) throws UsageException {
		String v = value(args, i, option);
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

	private static double decimal(List<String> args, int i, String option) throws UsageException {
		String v = value(args, i, option);
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
