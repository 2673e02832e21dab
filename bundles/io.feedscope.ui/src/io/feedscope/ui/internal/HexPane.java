package io.feedscope.ui.internal;

import java.nio.ByteBuffer;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;

/**
 * Wireshark's bytes pane: offset, 16 bytes in hex, the same 16 as ASCII; a byte range can be
 * highlighted in both halves. Shows bytes it is given; it never interprets them.
 */
final class HexPane {
	static final int PER_LINE = 16;
	/** Characters of one line: 4 offset digits, 2 spaces, 16 x 3 hex, 1 extra space in the middle, 1 space, 16 ASCII. */
	private static final int HEX_START = 6;
	private static final int ASCII_START = HEX_START + PER_LINE * 3 + 2;
	private static final int LINE = ASCII_START + PER_LINE + 1;

	private final StyledText fText;
	private int fLength;

	HexPane(Composite parent) {
		fText = new StyledText(parent, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
		fText.setFont(JFaceResources.getTextFont());
	}

	StyledText control() {
		return fText;
	}

	void show(ByteBuffer bytes) {
		fLength = bytes.remaining();
		StringBuilder b = new StringBuilder(((fLength + PER_LINE - 1) / PER_LINE) * LINE);
		for (int line = 0; line < fLength; line += PER_LINE) {
			b.append(String.format("%04x  ", line));
			for (int i = 0; i < PER_LINE; i++) {
				if (line + i < fLength) {
					b.append(String.format("%02x ", bytes.get(bytes.position() + line + i) & 0xff));
				} else {
					b.append("   ");
				}
				if (i == 7) {
					b.append(' ');
				}
			}
			b.append(' ');
			for (int i = 0; i < PER_LINE && line + i < fLength; i++) {
				int c = bytes.get(bytes.position() + line + i) & 0xff;
				b.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
			}
			b.append('\n');
		}
		fText.setText(b.toString());
	}

	/** Highlights [offset, offset + length) of the bytes shown; a negative offset clears. */
	void highlight(int offset, int length) {
		fText.setStyleRanges(new StyleRange[0]);
		if (offset < 0 || length <= 0 || offset >= fLength) {
			return;
		}
		int end = Math.min(fLength, offset + length);
		Color bg = fText.getDisplay().getSystemColor(SWT.COLOR_LIST_SELECTION);
		Color fg = fText.getDisplay().getSystemColor(SWT.COLOR_LIST_SELECTION_TEXT);
		int firstLine = offset / PER_LINE;
		for (int i = offset; i < end; i++) {
			int line = i / PER_LINE;
			int col = i % PER_LINE;
			int hex = line * LINE + HEX_START + col * 3 + (col >= 8 ? 1 : 0);
			fText.setStyleRange(new StyleRange(hex, 2, fg, bg));
			int ascii = line * LINE + ASCII_START + col;
			fText.setStyleRange(new StyleRange(ascii, 1, fg, bg));
		}
		fText.setTopIndex(Math.max(0, firstLine - 1));
	}

	/** @return the hex text of a byte as shown, for tests */
	String hexAt(int offset) {
		int line = offset / PER_LINE;
		int col = offset % PER_LINE;
		int pos = line * LINE + HEX_START + col * 3 + (col >= 8 ? 1 : 0);
		return fText.getText(pos, pos + 1);
	}

	/** @return true if the byte at offset is highlighted, for tests */
	boolean isHighlighted(int offset) {
		int line = offset / PER_LINE;
		int col = offset % PER_LINE;
		int pos = line * LINE + HEX_START + col * 3 + (col >= 8 ? 1 : 0);
		StyleRange r = fText.getStyleRangeAtOffset(pos);
		return r != null && r.background != null;
	}
}
