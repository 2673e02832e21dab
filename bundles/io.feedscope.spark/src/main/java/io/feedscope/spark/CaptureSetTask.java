package io.feedscope.spark;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.HdrHistogram.Histogram;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.PacketSource;
import io.feedscope.analysis.ReadAheadSource;
import io.feedscope.analysis.internal.ArbitrationCheck;
import io.feedscope.analysis.internal.GapsCheck;
import io.feedscope.analysis.internal.LatencyCheck;
import io.feedscope.analysis.internal.LatencyHistogram;
import io.feedscope.analysis.internal.LossCheck;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.Captures;
import io.feedscope.capture.IndexMonitor;
import io.feedscope.capture.StreamedCapture;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;

/**
 * What runs in a Spark task: fingerprinting and probing a file, and analyzing a capture set exactly as
 * {@code feedscope analyze FILE...} does (same readers, same merge, the default checks with the default
 * options), turned into table rows.
 * <p>
 * A task reads local files in place; a file elsewhere (HDFS, S3) is first copied to the task's local disk, as
 * the streaming reader needs a seekable file (it then reads it with flat memory).
 */
final class CaptureSetTask {

	/** the checksum covers this much at each end of a file */
	static final int FINGERPRINT_BYTES = 1 << 20;

	/** packets read to learn a file's sessions (a feed's first packets name its session) */
	static final int PROBE_PACKETS = 2000;

	private CaptureSetTask() {
	}

	// --- per JVM: the protocols and checks, compiled and loaded once per executor

	private static @Nullable ProtocolSet sProtocols;
	private static @Nullable List<CheckDescriptor> sChecks;

	/** The installed protocols, as the command line compiles them (plug-ins' plugin.xml, the site's and the user's folders). */
	static synchronized ProtocolSet protocols() {
		ProtocolSet set = sProtocols;
		if (set == null) {
			set = ProtocolRegistry.getDefault().compile();
			if (set.framingProtocols().isEmpty()) {
				throw new IllegalStateException("no framing protocol description is installed (plugin.xml of the protocol jars "
						+ "not on the class path?)");
			}
			// record files (BinaryFILE) opened from now on are timed by the feed this set says they hold, as in the CLI
			Captures.recordClock(set.recordClock());
			sProtocols = set;
		}
		return set;
	}

	/** The checks {@code feedscope analyze} runs without --check: the registry's default ones. */
	static synchronized List<CheckDescriptor> checks() {
		List<CheckDescriptor> c = sChecks;
		if (c == null) {
			c = CheckRegistry.load().defaultChecks();
			sChecks = c;
		}
		return c;
	}

	// --- files

	/**
	 * Fingerprints and probes one file. Never throws: a file that cannot be read comes back with its reason.
	 */
	static FileFacts probe(String path, long size, long mtime) {
		String checksum;
		try {
			checksum = checksum(path, size);
		} catch (IOException | RuntimeException e) {
			return new FileFacts(path, size, mtime, "", null, List.of(), reason(e));
		}
		try (LocalFile local = LocalFile.of(path)) {
			if (!Captures.canStream(local.path())) {
				// gzip, BinaryFILE: read through the indexed reader as the CLI does
				try (CaptureFile cf = Captures.open(local.path(), IndexMonitor.NONE, protocols().recordClock());
						DissectedPacketSource src = DissectedPacketSource.borrowing(cf, protocols())) {
					return probe(path, size, mtime, checksum, src);
				}
			}
			StreamedCapture sc = Captures.stream(local.path());
			try (DissectedPacketSource src = new DissectedPacketSource(sc, protocols())) {
				return probe(path, size, mtime, checksum, src);
			}
		} catch (IOException | RuntimeException e) {
			return new FileFacts(path, size, mtime, checksum, null, List.of(), reason(e));
		}
	}

	private static FileFacts probe(String path, long size, long mtime, String checksum, DissectedPacketSource src) {
		TreeSet<String> sessions = new TreeSet<>();
		long first = Long.MIN_VALUE;
		for (int n = 0; n < PROBE_PACKETS && src.advance(); n++) {
			PacketEvent e = src.current();
			if (first == Long.MIN_VALUE) {
				first = e.timeNanos();
			}
			if (!e.protocol().isEmpty()) {
				sessions.add(e.session().strip());
			}
		}
		if (first == Long.MIN_VALUE) {
			return new FileFacts(path, size, mtime, checksum, null, List.of(), "no frames");
		}
		String day = LocalDate.ofInstant(Instant.ofEpochSecond(0, first), ZoneOffset.UTC).toString();
		return new FileFacts(path, size, mtime, checksum, day, List.copyOf(sessions), null);
	}

	/** SHA-256 over the size and the first and last MB (the whole file when it is smaller than 2 MB), hex. */
	static String checksum(String path, long size) throws IOException {
		MessageDigest md;
		try {
			md = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		md.update(ByteBuffer.allocate(8).putLong(0, size));
		org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
		FileSystem fs = p.getFileSystem(new Configuration());
		try (FSDataInputStream in = fs.open(p)) {
			byte[] head = new byte[(int) Math.min(size, FINGERPRINT_BYTES)];
			in.readFully(0, head);
			md.update(head);
			long tailStart = Math.max(head.length, size - FINGERPRINT_BYTES);
			byte[] tail = new byte[(int) (size - tailStart)];
			in.readFully(tailStart, tail);
			md.update(tail);
		}
		return HexFormat.of().formatHex(md.digest());
	}

	private static String reason(Throwable e) {
		if (e instanceof NoSuchFileException) {
			return "no such file";
		}
		String m = e.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
	}

	// --- capture sets

	/**
	 * Analyzes one capture set as {@code feedscope analyze FILE...} (in the set's file order) and returns its
	 * rows. Never throws: a file that cannot be opened fails the set (as the CLI refuses to report on part of
	 * the tap points), as does an error while analyzing; the run row says which file and why.
	 */
	static SetOutcome analyze(CaptureSet set, String runId, String version, Instant started, String sparkVersion, String master,
			String groupBy) {
		long t0 = System.nanoTime();
		List<Row> failures = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		for (FileFacts f : set.files()) {
			if (f.error() != null) {
				failures.add(RowFactory.create(f.path(), f.error()));
			}
		}
		List<Row> findings = new ArrayList<>();
		List<Row> sessions = new ArrayList<>();
		long frames = 0;
		if (failures.isEmpty()) {
			List<LocalFile> locals = new ArrayList<>();
			List<Closeable> opened = new ArrayList<>();
			List<DissectedPacketSource> sources = new ArrayList<>();
			try {
				ProtocolSet protocols = protocols();
				for (FileFacts f : set.files()) {
					try {
						LocalFile local = LocalFile.of(f.path());
						locals.add(local);
						if (Captures.canStream(local.path())) {
							StreamedCapture sc = Captures.stream(local.path());
							opened.add(sc);
							sources.add(new DissectedPacketSource(sc, protocols));
						} else {
							CaptureFile cf = Captures.open(local.path(), IndexMonitor.NONE, protocols.recordClock());
							opened.add(cf);
							for (CaptureProblem p : cf.problems()) {
								warnings.add(p.toString());
							}
							sources.add(new DissectedPacketSource(cf, protocols));
						}
					} catch (IOException | RuntimeException e) {
						failures.add(RowFactory.create(f.path(), reason(e)));
					}
				}
				if (failures.isEmpty()) {
					List<PacketSource> merged = new ArrayList<>();
					for (DissectedPacketSource s : sources) {
						merged.add(ReadAheadSource.wrap(s));
					}
					AnalysisResult result;
					AnalysisOptions options = AnalysisOptions.DEFAULTS.withGapTimeoutNanos(AnalysisOptions.parseGapTimeout("auto"));
					try (CaptureMerger merger = new CaptureMerger(merged)) {
						opened.clear(); // the merger owns and closes them now
						result = FeedAnalyzer.analyze(merger, checks(), options, Map.of());
					}
					for (DissectedPacketSource s : sources) {
						for (CaptureProblem p : s.streamProblems()) {
							warnings.add(p.toString());
						}
					}
					frames = result.frames();
					rows(set, result, runId, version, findings, sessions);
				}
			} catch (RuntimeException e) {
				failures.add(RowFactory.create(set.files().size() == 1 ? set.files().get(0).path() : "(capture set)",
						"analysis failed: " + reason(e)));
				findings.clear();
				sessions.clear();
			} finally {
				for (Closeable c : opened) {
					try {
						c.close();
					} catch (IOException e) {
						// read only
					}
				}
				for (LocalFile l : locals) {
					l.close();
				}
			}
		}
		if (!failures.isEmpty()) {
			findings.clear();
			sessions.clear();
		}
		Row run = runRow(set, runId, version, started, sparkVersion, master, groupBy, failures.isEmpty() ? "done" : "failed",
				failures, warnings, frames, findings.size(), sessions.size(), (System.nanoTime() - t0) / 1_000_000);
		return new SetOutcome(findings, sessions, run);
	}

	static Row runRow(CaptureSet set, String runId, String version, Instant started, String sparkVersion, String master,
			String groupBy, String status, List<Row> failures, List<String> warnings, long frames, int findings, int sessions,
			long elapsedMs) {
		List<Row> files = new ArrayList<>();
		for (FileFacts f : set.files()) {
			files.add(RowFactory.create(f.path(), f.size(), f.mtime(), f.checksum()));
		}
		return RowFactory.create(runId, started, version, sparkVersion, master, groupBy, set.key(), day(set.day()), set.sessions(),
				Tables.seq(files), status, Tables.seq(failures), Tables.seq(warnings), frames, findings, sessions, elapsedMs);
	}

	private static @Nullable LocalDate day(@Nullable String day) {
		return day == null ? null : LocalDate.parse(day);
	}

	private static void rows(CaptureSet set, AnalysisResult result, String runId, String version, List<Row> findings,
			List<Row> sessions) {
		scala.collection.Seq<String> files = Tables.seq(set.files().stream().map(FileFacts::path).toList());
		LocalDate day = day(set.day());
		int i = 0;
		for (Finding f : result.findings()) {
			FeedSession s = f.session();
			List<Row> frames = new ArrayList<>();
			for (long ref : f.frames()) {
				frames.add(RowFactory.create(Finding.refCapture(ref), Finding.refFrame(ref)));
			}
			boolean range = f.fromSeq() != Finding.NO_SEQ;
			findings.add(RowFactory.create(set.key(), day, files, s == null ? null : feed(s), s == null ? null : s.protocol(),
					s == null ? null : s.displayName(),
					f.line() == null ? null : f.lineName(), i++, f.severity().name(), f.checkId(), f.label(),
					range ? f.fromSeq() : null, range ? f.toSeq() : null, f.startNanos(), f.endNanos(),
					f.startNanos() == 0 ? null : Instant.ofEpochSecond(0, f.startNanos()), Tables.seq(frames), f.message(), runId,
					version));
		}
		List<String> ids = result.checkIds();
		GapsCheck gaps = ids.contains(GapsCheck.ID) ? result.check(GapsCheck.ID, GapsCheck.class) : null;
		LossCheck loss = ids.contains(LossCheck.ID) ? result.check(LossCheck.ID, LossCheck.class) : null;
		ArbitrationCheck arb = ids.contains(ArbitrationCheck.ID) ? result.check(ArbitrationCheck.ID, ArbitrationCheck.class) : null;
		LatencyCheck lat = ids.contains(LatencyCheck.ID) ? result.check(LatencyCheck.ID, LatencyCheck.class) : null;
		for (FeedSession s : result.sessions()) {
			List<Row> lines = new ArrayList<>();
			long packets = 0;
			long messages = 0;
			Long gapCount = gaps == null ? null : 0L;
			Long gapMessages = gaps == null ? null : 0L;
			for (FeedLine l : s.lines()) {
				packets += l.packets();
				messages += l.messages();
				Long g = null;
				Long gm = null;
				if (gaps != null) {
					g = (long) gaps.gaps(l).size();
					gm = gaps.gaps(l).cardinality();
					gapCount += g;
					gapMessages += gm;
				}
				lines.add(RowFactory.create(l.name(), l.destination(), l.taps(), l.packets(), l.messages(), l.heartbeats(),
						l.firstDeliveredCount(), l.duplicatePackets(), l.duplicateMessages(), l.reorderedPackets(), g, gm));
			}
			LatencyHistogram h = lat == null ? null : lat.histogram(s);
			long samples = h == null ? 0 : h.count();
			int sign = lat == null ? 1 : lat.sign(s);
			byte[] hdr = null;
			byte[] hdrBelow = null;
			if (h != null && samples > 0) {
				Histogram[] two = h.hdr(sign);
				hdr = LatencySql.encode(two[0]);
				hdrBelow = LatencySql.encode(two[1]);
			}
			sessions.add(RowFactory.create(set.key(), day, files, feed(s), s.protocol(), s.displayName(), s.hasSpan() ? s.firstSeq() : null,
					s.hasSpan() ? s.lastSeq() : null, s.distinctMessages(), packets, messages, gapCount, gapMessages,
					loss == null ? null : loss.loss(s).cardinality(), loss == null ? null : loss.recovered(s).cardinality(),
					arb == null ? null : arb.firstSeqOnlyLost(s).cardinality(), arb == null ? null : arb.seqAndCountLost(s).cardinality(),
					samples, samples == 0 ? null : h.percentile(0.50, sign), samples == 0 ? null : h.percentile(0.99, sign),
					samples == 0 ? null : h.min(sign), samples == 0 ? null : h.max(sign), hdr, hdrBelow, Tables.seq(lines), runId,
					version));
		}
	}

	/** @return the feed's name across days: its lines' destinations, by line name (see {@link Tables}) */
	static String feed(FeedSession s) {
		return s.lines().stream().sorted(java.util.Comparator.comparing(FeedLine::name)).map(FeedLine::destination)
				.collect(java.util.stream.Collectors.joining(" "));
	}

	/**
	 * A capture as a local file: the file itself for a {@code file:} path, else a copy on the task's local disk
	 * under the file's own name (capture names appear in findings), deleted on close.
	 */
	static final class LocalFile implements AutoCloseable {
		private final Path fPath;
		private final @Nullable Path fTempDir;

		private LocalFile(Path path, @Nullable Path tempDir) {
			fPath = path;
			fTempDir = tempDir;
		}

		static LocalFile of(String path) throws IOException {
			URI uri = new org.apache.hadoop.fs.Path(path).toUri();
			if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
				return new LocalFile(uri.getScheme() == null ? Path.of(path) : Path.of(uri), null);
			}
			org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
			Path dir = Files.createTempDirectory("feedscope-spark");
			Path local = dir.resolve(p.getName());
			try (InputStream in = p.getFileSystem(new Configuration()).open(p)) {
				Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
			} catch (IOException | RuntimeException e) {
				Files.deleteIfExists(local);
				Files.deleteIfExists(dir);
				throw e;
			}
			return new LocalFile(local, dir);
		}

		Path path() {
			return fPath;
		}

		@Override
		public void close() {
			Path dir = fTempDir;
			if (dir != null) {
				try {
					Files.deleteIfExists(fPath);
					Files.deleteIfExists(dir);
				} catch (IOException e) {
					// the task's scratch space; Spark cleans it too
				}
			}
		}
	}
}
