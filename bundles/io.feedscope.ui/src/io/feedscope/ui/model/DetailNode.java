package io.feedscope.ui.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the packet details tree: a layer or a field, and the bytes of the frame it covers, so
 * that selecting it highlights them in the hex pane.
 *
 * @param label what the line says ("Internet Protocol Version 4, Src: ..., Dst: ...", "itch50.price: 123.4500")
 * @param offset first byte in the frame, -1 for lines that cover no bytes (derived values)
 * @param length number of bytes covered
 * @param children sub-lines
 */
public record DetailNode(String label, int offset, int length, List<DetailNode> children) {

	public DetailNode(String label, int offset, int length) {
		this(label, offset, length, new ArrayList<>());
	}

	/** @return the child, added */
	public DetailNode add(DetailNode child) {
		children.add(child);
		return child;
	}

	/** @return the new child */
	public DetailNode add(String label, int offset, int length) {
		return add(new DetailNode(label, offset, length));
	}
}
