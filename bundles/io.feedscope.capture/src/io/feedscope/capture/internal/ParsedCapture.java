package io.feedscope.capture.internal;

import java.io.IOException;

import io.feedscope.capture.CaptureInterface;
import io.feedscope.capture.CaptureSection;

/**
 * An indexed pcap or pcapng file: {@link CaptureParser} over the mapping, each frame it reads added to
 * the index. The parsing itself is the streaming reader's too ({@link io.feedscope.capture.StreamedCapture}),
 * so both give the same frames, numbers, times and problems.
 */
final class ParsedCapture extends AbstractCapture {

	/** @param opened the file, whose first 4 bytes are a pcap or pcapng magic */
	ParsedCapture(Opened opened) throws IOException {
		super(opened, CaptureParser.formatOf(opened.file()));
		Progress progress = new Progress(this, opened.monitor(), opened.file().size());
		CaptureParser parser = CaptureParser.create(opened.file(), new CaptureParser.Sink() {
			@Override
			public void problem(long offset, int frame, String message) {
				ParsedCapture.this.problem(offset, frame, message);
			}

			@Override
			public void addInterface(CaptureInterface i) {
				ParsedCapture.this.addInterface(i);
			}

			@Override
			public void addSection(CaptureSection s) {
				fSections.add(s);
			}
		}, offset -> {
			if (progress.due(offset)) {
				progress.report(offset);
			}
		});
		if (parser == null) { // the magic was read once by formatOf; a file rewritten since is no capture any more
			throw new IOException("not a pcap or pcapng file (its first 4 bytes changed while it was opened)");
		}
		index(parser);
		progress.done();
	}
}
