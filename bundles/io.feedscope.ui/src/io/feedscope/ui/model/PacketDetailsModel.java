package io.feedscope.ui.model;

import java.util.ArrayDeque;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldValue;
import io.feedscope.dissect.FieldVisitor;

/**
 * The feed layer of the packet details tree, as the dissector reports it (framing header, each message with
 * every field; derived fields in [brackets] and covering no bytes), with no widget: the details view adds the
 * link layers, the malformed and expert lines and the notes around it.
 */
public final class PacketDetailsModel {

	private PacketDetailsModel() {
	}

	/**
	 * Adds a dissected packet's groups and fields to the tree's top lines.
	 *
	 * @param packet a dissected feed packet
	 * @param roots  the tree's top lines so far; the packet's top groups and fields are added to them
	 * @return the first top group added (the framing protocol's line), null if the packet reported none
	 */
	public static @Nullable DetailNode addFeedLayer(FeedPacket packet, List<DetailNode> roots) {
		ArrayDeque<DetailNode> stack = new ArrayDeque<>();
		@Nullable DetailNode[] first = new @Nullable DetailNode[1];
		packet.accept(new FieldVisitor() {
			@Override
			public void beginGroup(FieldValue group) {
				DetailNode n = new DetailNode(group.display(), group.offset(), group.length());
				if (stack.isEmpty()) {
					roots.add(n);
					if (first[0] == null) {
						first[0] = n;
					}
				} else {
					stack.peek().add(n);
				}
				stack.push(n);
			}

			@Override
			public void field(FieldValue f) {
				String text = f.displayName() + ": " + f.display();
				DetailNode n = new DetailNode(f.isDerived() ? "[" + text + "]" : text, f.isDerived() ? -1 : f.offset(),
						f.isDerived() ? 0 : f.length());
				if (stack.isEmpty()) {
					roots.add(n);
				} else {
					stack.peek().add(n);
				}
			}

			@Override
			public void endGroup() {
				if (!stack.isEmpty()) {
					stack.pop();
				}
			}
		});
		return first[0];
	}

	/** @return every line of the trees, depth first (a line before its children) */
	public static List<DetailNode> flatten(List<DetailNode> roots) {
		List<DetailNode> out = new java.util.ArrayList<>();
		for (DetailNode n : roots) {
			flatten(n, out);
		}
		return out;
	}

	private static void flatten(DetailNode n, List<DetailNode> out) {
		out.add(n);
		for (DetailNode x : n.children()) {
			flatten(x, out);
		}
	}
}
