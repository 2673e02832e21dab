package io.feedscope.ui.tests;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.LinkType;

/** A capture with given timestamps and empty frames, for tests of ordering and linking. */
public final class FakeCapture implements CaptureFile {
	private final String fName;
	private final long[] fTimes;
	/** frames indexed so far: a capture being indexed shows fewer than it has */
	private int fIndexed;

	public FakeCapture(String name, long... times) {
		fName = name;
		fTimes = times.clone();
		fIndexed = fTimes.length;
	}

	/** Pretends only the first n frames are indexed yet (a capture still being indexed). */
	public FakeCapture indexed(int n) {
		fIndexed = Math.max(0, Math.min(n, fTimes.length));
		return this;
	}

	@Override
	public Path path() {
		return Path.of(fName);
	}

	@Override
	public String name() {
		return fName;
	}

	@Override
	public CaptureFormat format() {
		return CaptureFormat.PCAP_NS;
	}

	@Override
	public int frameCount() {
		return fIndexed;
	}

	@Override
	public long timestampNanos(int frame) {
		return fTimes[frame - 1];
	}

	@Override
	public int capturedLength(int frame) {
		return 0;
	}

	@Override
	public int originalLength(int frame) {
		return 0;
	}

	@Override
	public int linkType(int frame) {
		return LinkType.ETHERNET;
	}

	@Override
	public int interfaceId(int frame) {
		return 0;
	}

	@Override
	public String comment(int frame) {
		return null;
	}

	@Override
	public ByteBuffer frameData(int frame) {
		return ByteBuffer.allocate(0);
	}

	@Override
	public List<CaptureProblem> problems() {
		return List.of();
	}

	@Override
	public void close() {
	}
}
