package io.feedscope.ui.internal;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.ExpertItem;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;
import io.feedscope.ui.model.DetailNode;
import io.feedscope.ui.model.PacketDetailsModel;

/**
 * Packet details: the selected frame as a tree of layers and fields, over a hex pane that
 * highlights the bytes of the selected line. Follows the selection signal; sends none.
 */
public class PacketDetailsView extends ViewPart {

	public static final String ID = "io.feedscope.ui.views.details";

	private TreeViewer fTree;
	private HexPane fHex;
	private final PacketLayers fLayers = new PacketLayers();
	private FeedDissector fDissector;
	/** the model {@link #fDissector} was made for: a new analysis brings new learned ports */
	private FeedModel fDissectorModel;
	/** {@link AnalysisJob#protocolsGeneration()} when fDissector was made */
	private int fDissectorGeneration;
	/** the display the view was made on: listeners on other threads post to it, never ask a widget for it */
	private org.eclipse.swt.widgets.Display fDisplay;
	private volatile boolean fDisposed;
	/** the feed protocol's top node of the frame shown, null if it carries none */
	private DetailNode fFeedRoot;
	/** the capture of the frame shown, so closing it clears the view */
	private CaptureFile fShown;
	/** the frame shown */
	private FrameRef fRef;
	/** the capture set changed (on an opening job's thread, or the UI's): a closed capture's frame goes */
	private final java.util.function.Consumer<CaptureSet> fCaptures = set -> {
		if (!fDisposed) {
			UiThread.async(fDisplay, () -> {
				if (!fTree.getControl().isDisposed() && fShown != null && !set.contains(fShown)) {
					clear();
				}
			});
		}
	};
	/** another capture shown alone: a frame of a capture no longer shown is cleared, not left standing */
	private final Runnable fPresentation = () -> {
		if (!fDisposed) {
			UiThread.async(fDisplay, () -> {
				if (fTree.getControl().isDisposed() || fShown == null) {
					return;
				}
				CaptureSet set = CaptureSet.getDefault();
				int shown = set.shown();
				if (shown >= 0 && set.indexOf(fShown) != shown) {
					clear();
				}
			});
		}
	};
	private final Signals.SelectionListener fFollow = (ref, source) -> {
		if (fTree != null && !fTree.getControl().isDisposed()) {
			show(ref);
		}
	};

	@Override
	public void createPartControl(Composite parent) {
		fDisplay = parent.getDisplay();
		SashForm sash = new SashForm(parent, SWT.VERTICAL);
		fTree = new TreeViewer(sash, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
		fTree.setContentProvider(new ITreeContentProvider() {
			@Override
			public Object[] getElements(Object input) {
				return ((List<?>) input).toArray();
			}

			@Override
			public Object[] getChildren(Object parentElement) {
				return ((DetailNode) parentElement).children().toArray();
			}

			@Override
			public @Nullable Object getParent(Object element) {
				return null;
			}

			@Override
			public boolean hasChildren(Object element) {
				return !((DetailNode) element).children().isEmpty();
			}
		});
		fTree.setLabelProvider(new LabelProvider() {
			@Override
			public String getText(Object element) {
				return ((DetailNode) element).label();
			}
		});
		fHex = new HexPane(sash);
		sash.setWeights(68, 32); // the tree is what is read; the hex pane is consulted
		fTree.addSelectionChangedListener(e -> {
			Object o = ((IStructuredSelection) e.getSelection()).getFirstElement();
			if (o instanceof DetailNode n) {
				fHex.highlight(n.offset(), n.length());
			}
		});
		fTree.setInput(List.of());
		Signals.getDefault().addSelectionListener(fFollow);
		CaptureSet.getDefault().addListener(fCaptures);
		CaptureSet.getDefault().addPresentationListener(fPresentation);
		PacketTableView.addFileDrop(fTree.getControl());
		PacketTableView.addFileDrop(fHex.control());
		ViewHelp.install(this);
		setContentDescription("Select a packet");
		if (OuiNames.ifRead() == null) {
			// Wireshark's vendor table is ~50,000 lines: read it off the UI thread, then name the shown frame's MACs
			org.eclipse.core.runtime.jobs.Job read = org.eclipse.core.runtime.jobs.Job.create("Reading Ethernet vendor names",
					monitor -> {
						OuiNames.installed();
						UiThread.async(fDisplay, () -> {
							if (!fTree.getControl().isDisposed() && fShown != null && fRef != null) {
								show(fRef);
							}
						});
					});
			read.setSystem(true);
			read.schedule();
		}
	}

	/** Shows nothing: no frame selected (its capture closed, or no longer shown). */
	void clear() {
		fShown = null;
		fTree.setInput(List.of());
		fHex.show(ByteBuffer.allocate(0));
		setContentDescription("Select a packet");
	}

	/** Shows a frame of the open capture set. */
	void show(FrameRef ref) {
		List<CaptureFile> captures = CaptureSet.getDefault().captures();
		if (ref.capture() >= captures.size()) {
			return;
		}
		CaptureFile c = captures.get(ref.capture());
		if (ref.frame() < 1 || ref.frame() > c.frameCount()) {
			return;
		}
		fShown = c;
		fRef = ref;
		ByteBuffer data = c.frameData(ref.frame());
		List<DetailNode> roots = tree(c, ref.frame(), data);
		fTree.setInput(roots);
		fTree.expandToLevel(2);
		if (fFeedRoot != null) {
			// the feed layer is what this tool is for: open its message blocks and scroll it to the top
			fTree.expandToLevel(fFeedRoot, 2);
			for (org.eclipse.swt.widgets.TreeItem item : fTree.getTree().getItems()) {
				if (item.getData() == fFeedRoot) {
					fTree.getTree().setTopItem(item);
				}
			}
		}
		fHex.show(data);
		// frames named as in every view: capture:frame (1-based) when several captures are open
		setContentDescription(CaptureSet.getDefault().name(c) + ", frame "
				+ (captures.size() > 1 ? ref.capture() + 1 + ":" : "") + ref.frame());
	}

	/** Builds the tree from what the capture stage decoded; no bytes are interpreted here. */
	List<DetailNode> tree(CaptureFile c, int frame, ByteBuffer data) {
		DetailNode f = new DetailNode("Frame " + frame + ": " + c.originalLength(frame) + " bytes on wire, "
				+ c.capturedLength(frame) + " bytes captured" + (c.isTruncated(frame) ? " [cut by snaplen]" : ""), 0,
				c.capturedLength(frame));
		f.add("Capture: " + c.name() + " (" + c.format().id() + ")", -1, 0);
		f.add("Arrival time: " + Instant.ofEpochSecond(0, c.timestampNanos(frame)) + " (" + c.timestampNanos(frame)
				+ " ns since the epoch)", -1, 0);
		String comment = c.comment(frame);
		if (comment != null) {
			f.add("Comment: " + comment, -1, 0);
		}
		fFeedRoot = null;
		PacketLayers.Kind kind = fLayers.decode(data, c.linkType(frame));
		java.util.ArrayList<DetailNode> roots = new java.util.ArrayList<>(List.of(f));
		int linkEnd = fLayers.ipOffset() >= 0 ? fLayers.ipOffset() : data.limit();
		if (fLayers.hasEthernet()) {
			// as Wireshark: "Ethernet II, Src: IntelCor_3a:0a:10 (00:1b:21:3a:0a:10), Dst: IPv4mcast_36:0c:6f (...)"
			// with vendor names from Wireshark's own table when it is installed
			OuiNames names = OuiNames.ifRead();
			String src = names != null ? names.label(fLayers.ethSource()) : OuiNames.format(fLayers.ethSource());
			String dst = names != null ? names.label(fLayers.ethDestination())
					: OuiNames.format(fLayers.ethDestination());
			DetailNode eth = new DetailNode("Ethernet II, Src: " + src + ", Dst: " + dst, 0, Math.min(14, linkEnd));
			eth.add("Destination: " + dst, 0, 6);
			eth.add("Source: " + src, 6, 6);
			eth.add(String.format("Type: 0x%04x", fLayers.ethType()), 12, 2);
			roots.add(eth);
			for (int i = 0; i < fLayers.vlanCount(); i++) {
				DetailNode vlan = new DetailNode("802.1Q Virtual LAN, ID: " + fLayers.vlan(i), 14 + 4 * i, 4);
				vlan.add("ID: " + fLayers.vlan(i), 14 + 4 * i, 2);
				vlan.add(String.format("Type: 0x%04x", i + 1 < fLayers.vlanCount() ? fLayers.vlanTpid(i + 1)
						: fLayers.etherType()), 16 + 4 * i, 2);
				roots.add(vlan);
			}
		} else {
			DetailNode link = new DetailNode("Link layer (type " + c.linkType(frame) + ")", 0, linkEnd);
			for (int i = 0; i < fLayers.vlanCount(); i++) {
				link.add("802.1Q Virtual LAN, ID: " + fLayers.vlan(i), -1, 0);
			}
			roots.add(link);
		}
		if (fLayers.ipOffset() >= 0) {
			int ipLen = (fLayers.udpOffset() >= 0 ? fLayers.udpOffset() : fLayers.payloadOffset()) - fLayers.ipOffset();
			DetailNode ip = new DetailNode("Internet Protocol Version 4, Src: " + PacketLayers.formatIp(fLayers.ipSource())
					+ ", Dst: " + PacketLayers.formatIp(fLayers.ipDestination()), fLayers.ipOffset(), ipLen);
			ip.add("Source Address: " + PacketLayers.formatIp(fLayers.ipSource()), fLayers.ipOffset() + 12, 4);
			ip.add("Destination Address: " + PacketLayers.formatIp(fLayers.ipDestination())
					+ (fLayers.isMulticast() ? " (multicast)" : ""), fLayers.ipOffset() + 16, 4);
			ip.add("Protocol: " + fLayers.ipProtocol(), fLayers.ipOffset() + 9, 1);
			roots.add(ip);
		}
		if (fLayers.udpOffset() >= 0) {
			DetailNode udp = new DetailNode("User Datagram Protocol, Src Port: " + fLayers.sourcePort() + ", Dst Port: "
					+ fLayers.destinationPort(), fLayers.udpOffset(), 8);
			udp.add("Source Port: " + fLayers.sourcePort(), fLayers.udpOffset(), 2);
			udp.add("Destination Port: " + fLayers.destinationPort(), fLayers.udpOffset() + 2, 2);
			roots.add(udp);
		}
		if (kind == PacketLayers.Kind.UDP && feedLayer(c, frame, roots)) {
			return roots;
		}
		FeedModel model = FeedModel.getDefault();
		FeedDissector dissector = dissector();
		if (fRef != null && dissector != null && model.covers(CaptureSet.getDefault().captures())
				&& model.kind(fRef) == io.feedscope.dissect.PacketKind.MALFORMED) {
			// the analysis found a damaged feed packet here (the table tints it red): say why, not just "Data"
			// dissected alone the frame may not even look like the feed (a heuristic learns a stream from its
			// good packets); the analysis saw it in its stream and says what is wrong with it
			FeedPacket p = dissector.dissect(c, frame);
			String why = model.problem(fRef);
			if (why.isEmpty()) {
				why = !p.expertItems().isEmpty() ? p.expertItems().get(0).reason()
						: !fLayers.problem().isEmpty() ? fLayers.problem() : "malformed feed packet";
			}
			roots.add(new DetailNode("[Malformed feed packet: " + why + "]", fLayers.payloadOffset(),
					Math.max(0, fLayers.payloadLength())));
			DetailNode expert = new DetailNode("Expert Info (" + Math.max(1, p.expertItems().size()) + ")", -1, 0);
			if (p.expertItems().isEmpty()) {
				expert.add("[Expert ERROR] " + why + " (found by the analysis)", fLayers.payloadOffset(),
						Math.max(0, fLayers.payloadLength()));
			}
			for (ExpertItem x : p.expertItems()) {
				expert.add("[Expert " + x.severity() + "] " + x.reason() + " (" + x.id() + ")", x.offset(), x.length());
			}
			roots.add(expert);
			return roots;
		}
		switch (kind) {
		case MALFORMED -> roots.add(new DetailNode("[Malformed: " + fLayers.problem() + "]", -1, 0));
		case IP_FRAGMENT -> roots.add(new DetailNode("[IPv4 fragment, not reassembled]", fLayers.payloadOffset(),
				fLayers.payloadLength()));
		default -> {
			if (fLayers.payloadLength() > 0) {
				roots.add(new DetailNode("Data (" + fLayers.payloadLength() + " bytes)", fLayers.payloadOffset(),
						fLayers.payloadLength()));
			}
		}
		}
		return roots;
	}

	/**
	 * Adds the feed layer as the dissector reports it (framing header, each message with every field;
	 * derived fields in [brackets]) and its expert items.
	 *
	 * @return false if the frame carries no feed protocol
	 */
	private boolean feedLayer(CaptureFile c, int frame, List<DetailNode> roots) {
		FeedDissector dissector = dissector();
		if (dissector == null) {
			return false; // the protocols are being compiled: the frame is shown again when they are ready
		}
		FeedPacket p = dissector.dissect(c, frame);
		if (p.kind() == io.feedscope.dissect.PacketKind.NOT_FEED) {
			return false;
		}
		DetailNode root = PacketDetailsModel.addFeedLayer(p, roots);
		if (fFeedRoot == null) {
			fFeedRoot = root;
		}
		FeedModel model = FeedModel.getDefault();
		if (p.kind() == io.feedscope.dissect.PacketKind.MALFORMED || fRef != null
				&& model.covers(CaptureSet.getDefault().captures()) && model.kind(fRef) == io.feedscope.dissect.PacketKind.MALFORMED) {
			// as the table says it, in the same words: the analysis's reason, else the first expert item's
			String why = fRef == null ? "" : model.problem(fRef);
			if (why.isEmpty()) {
				why = !p.expertItems().isEmpty() ? p.expertItems().get(0).reason() : "malformed feed packet";
			}
			roots.add(new DetailNode("[Malformed feed packet: " + why + "]", fLayers.payloadOffset(),
					Math.max(0, fLayers.payloadLength())));
		}
		if (!p.expertItems().isEmpty()) {
			DetailNode expert = new DetailNode("Expert Info (" + p.expertItems().size() + ")", -1, 0);
			for (ExpertItem x : p.expertItems()) {
				expert.add("[Expert " + x.severity() + "] " + x.reason() + " (" + x.id() + ")", x.offset(), x.length());
			}
			roots.add(expert);
		}
		addNotes(roots, model);
		return true;
	}

	/** What the checks noted on the frame (its packet notes), as the packet table's Info column ends with. */
	private void addNotes(List<DetailNode> roots, FeedModel model) {
		FrameRef ref = fRef;
		if (ref == null || !model.covers(CaptureSet.getDefault().captures())) {
			return;
		}
		List<io.feedscope.analysis.Annotation.PacketMark> notes = model.notes(ref);
		if (notes.isEmpty()) {
			return;
		}
		DetailNode node = new DetailNode("Notes (" + notes.size() + ")", -1, 0);
		for (io.feedscope.analysis.Annotation.PacketMark m : notes) {
			io.feedscope.analysis.FeedLine line = m.line();
			node.add("[" + m.severity() + "] " + m.label() + (line != null ? " (line " + line.name() + ")" : ""), -1, 0);
		}
		roots.add(node);
	}

	/**
	 * @return the dissector, as the analysis dissected (with the ports it learned) when the model covers the
	 *         open captures; null while the protocols are compiled (never on the UI thread: the frame is shown
	 *         again when they are ready)
	 */
	private io.feedscope.dissect.@org.eclipse.jdt.annotation.Nullable FeedDissector dissector() {
		FeedModel model = FeedModel.getDefault();
		int generation = AnalysisJob.protocolsGeneration();
		FeedDissector current = fDissector;
		// a new model, or protocols reloaded (File > Reload Protocols, the folder's watcher) or rebound
		if (current == null || fDissectorModel != model || generation != fDissectorGeneration) {
			ProtocolSet protocols = AnalysisJob.protocolsIfReady(() -> UiThread.async(fDisplay, () -> {
				if (!fTree.getControl().isDisposed() && fShown != null && fRef != null) {
					show(fRef);
				}
			}));
			if (protocols == null) {
				// being compiled again: the old set's dissector still shows this model's frames meanwhile
				return fDissectorModel == model ? current : null;
			}
			fDissector = model.dissector(CaptureSet.getDefault().captures(), protocols);
			fDissectorModel = model;
			fDissectorGeneration = generation;
		}
		return fDissector;
	}

	TreeViewer tree() {
		return fTree;
	}

	HexPane hex() {
		return fHex;
	}

	@Override
	public void setFocus() {
		fTree.getControl().setFocus();
	}

	@Override
	public void dispose() {
		fDisposed = true;
		Signals.getDefault().removeSelectionListener(fFollow);
		CaptureSet.getDefault().removeListener(fCaptures);
		CaptureSet.getDefault().removePresentationListener(fPresentation);
		super.dispose();
	}
}
