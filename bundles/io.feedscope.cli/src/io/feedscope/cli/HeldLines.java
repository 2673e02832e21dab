package io.feedscope.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Lines for stderr kept until they may be printed, in their order: the stream walk of decode learns a capture's
 * problems only at the end of the file, and the indexed walk prints those before every frame's line. A capture
 * whose frames say something on most frames (a feed bound to the wrong port: an expert item per frame) has lines
 * without bound, so past {@code budget} characters they go to a temporary file, deleted when closed, and are read
 * back from there. The file holds the characters as they are (UTF-16), not encoded: what is printed at the end is
 * what {@code err.println} would have printed, whatever err's charset does with them.
 */
final class HeldLines implements Closeable {

	/**
	 * characters held in memory before the lines go to the file: ~8 MB, a few hundred times what usual captures say
	 * (tests set it)
	 */
	static int BUDGET = 4 << 20;

	private final int fBudget;
	private final StringBuilder fText = new StringBuilder();
	private @Nullable FileChannel fSpill;
	/** false once the file could not be written: the lines then stay in memory, as they would without a file */
	private boolean fCanSpill = true;

	HeldLines() {
		this(BUDGET);
	}

	/** @param budget characters held in memory before the lines go to a file (tests make it small) */
	HeldLines(int budget) {
		fBudget = Math.max(1, budget);
	}

	/** Keeps a line, as {@code println} would end it. */
	void add(String line) {
		fText.append(line).append(System.lineSeparator());
		if (fText.length() >= fBudget && fCanSpill) {
			spill();
		}
	}

	/** @return true if lines went to the file (for tests) */
	boolean spilled() {
		return fSpill != null;
	}

	private void spill() {
		try {
			FileChannel ch = fSpill;
			if (ch == null) {
				Path p = Files.createTempFile("feedscope-decode-", ".lines");
				// deleted by the close of its only channel, or by the system's rules for temporary files if the JVM dies
				ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
				fSpill = ch;
			}
			ByteBuffer b = ByteBuffer.allocate(fText.length() * 2);
			b.asCharBuffer().put(CharBuffer.wrap(fText));
			while (b.hasRemaining()) {
				ch.write(b);
			}
			fText.setLength(0);
		} catch (IOException | RuntimeException e) {
			// the file's lines stay where they are and the rest stays here: nothing is lost but memory
			fCanSpill = false;
		}
	}

	/** Prints every line held, in order, and forgets them. */
	void printTo(PrintStream err) throws IOException {
		FileChannel ch = fSpill;
		if (ch != null) {
			long size = ch.position();
			ByteBuffer b = ByteBuffer.allocate(1 << 17);
			long at = 0;
			while (at < size) {
				b.clear();
				if (size - at < b.capacity()) {
					b.limit((int) (size - at));
				}
				while (b.hasRemaining()) {
					int n = ch.read(b, at);
					if (n <= 0) {
						throw new IOException("the held lines' file ended early");
					}
					at += n;
				}
				b.flip();
				// a surrogate pair cut by the block's end is whole in the output: the stream's encoder keeps a high
				// surrogate at the end of one print for the next (HeldLinesTest)
				err.print(b.asCharBuffer());
			}
			ch.truncate(0);
			ch.position(0);
		}
		err.print(fText);
		fText.setLength(0);
	}

	@Override
	public void close() throws IOException {
		FileChannel ch = fSpill;
		fSpill = null;
		if (ch != null) {
			ch.close();
		}
	}
}
