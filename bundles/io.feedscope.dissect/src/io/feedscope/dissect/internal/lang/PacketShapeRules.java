package io.feedscope.dissect.internal.lang;

import static io.feedscope.dissect.internal.model.ProtocolModel.FIELD_REF_FIELD;
import static io.feedscope.dissect.internal.model.ProtocolModel.FIELD_WIDTH;
import static io.feedscope.dissect.internal.model.ProtocolModel.PACKET_ELEMENTS;
import static io.feedscope.dissect.internal.model.ProtocolModel.PACKET_NAME;
import static io.feedscope.dissect.internal.model.ProtocolModel.REPEAT;
import static io.feedscope.dissect.internal.model.ProtocolModel.REPEAT_ELEMENTS;
import static io.feedscope.dissect.internal.model.ProtocolModel.i;
import static io.feedscope.dissect.internal.model.ProtocolModel.list;
import static io.feedscope.dissect.internal.model.ProtocolModel.ref;
import static io.feedscope.dissect.internal.model.ProtocolModel.str;

import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;

/**
 * The shapes of packet layouts the block walker can read, checked on a built packet (model objects): fixed fields,
 * then at most one trailing repeat or bytes field; inside a repeat the same, and no repeat in a repeat. And, as the
 * builder reads a packet's header, its kind.
 */
public final class PacketShapeRules {

	/** The kinds a packet declaration can have. */
	public static final Set<String> KINDS = Set.of("DATA", "REQUEST");

	private PacketShapeRules() {
	}

	/** @return whether a declared packet kind is one of {@link #KINDS} */
	public static <P> boolean kind(String kind, P at, RuleReport<P> report) {
		if (!KINDS.contains(kind)) {
			report.error(at, "packet kind must be DATA or REQUEST, not '" + kind + "'");
			return false;
		}
		return true;
	}

	/**
	 * @param packet a built PACKET
	 * @param at where the packet is named
	 */
	public static <P> void check(EObject packet, P at, RuleReport<P> report) {
		String name = str(packet, PACKET_NAME);
		List<EObject> els = list(packet, PACKET_ELEMENTS);
		for (int k = 0; k < els.size(); k++) {
			EObject el = els.get(k);
			boolean last = k == els.size() - 1;
			boolean variable = el.eClass() == REPEAT || i(ref(el, FIELD_REF_FIELD), FIELD_WIDTH) < 0;
			if (variable && !last) {
				report.error(at, "packet '" + name + "': a repeat or bytes field must be the last element");
			}
			if (el.eClass() == REPEAT) {
				List<EObject> inner = list(el, REPEAT_ELEMENTS);
				for (int j = 0; j < inner.size(); j++) {
					EObject ie = inner.get(j);
					if (ie.eClass() == REPEAT) {
						report.error(at, "packet '" + name + "': nested repeats are not supported");
					} else if (i(ref(ie, FIELD_REF_FIELD), FIELD_WIDTH) < 0 && j != inner.size() - 1) {
						report.error(at, "packet '" + name + "': a bytes field must end the repeated block");
					}
				}
				if (inner.isEmpty()) {
					report.error(at, "packet '" + name + "': empty repeat");
				}
			}
		}
	}
}
