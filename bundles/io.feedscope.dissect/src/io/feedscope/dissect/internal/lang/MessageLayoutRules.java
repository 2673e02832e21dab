package io.feedscope.dissect.internal.lang;

import static io.feedscope.dissect.internal.model.ProtocolModel.FIELD_NAME;
import static io.feedscope.dissect.internal.model.ProtocolModel.FIELD_REF;
import static io.feedscope.dissect.internal.model.ProtocolModel.FIELD_REF_FIELD;
import static io.feedscope.dissect.internal.model.ProtocolModel.FIELD_WIDTH;
import static io.feedscope.dissect.internal.model.ProtocolModel.VARIANT_ELEMENTS;
import static io.feedscope.dissect.internal.model.ProtocolModel.VARIANT_NAME;
import static io.feedscope.dissect.internal.model.ProtocolModel.i;
import static io.feedscope.dissect.internal.model.ProtocolModel.list;
import static io.feedscope.dissect.internal.model.ProtocolModel.ref;
import static io.feedscope.dissect.internal.model.ProtocolModel.str;

import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The static layout of a messages section's variants, checked on built variants (model objects), one rule set per
 * section because one rule spans variants: fixed-width fields only, they add up to the declared spec length, and
 * the discriminator sits at the same offset in every variant.
 */
public final class MessageLayoutRules {

	private final @Nullable EObject fDiscriminator;
	private final String fDiscriminatorName;
	private final Set<EObject> fBadFields;
	private int fDiscriminatorOffset = -1;

	/**
	 * @param discriminator the section's type field, null if it did not resolve
	 * @param discriminatorName its name as written
	 * @param badFields fields whose type was already reported: their width is a guess, so no length is checked with them
	 */
	public MessageLayoutRules(@Nullable EObject discriminator, String discriminatorName, Set<EObject> badFields) {
		fDiscriminator = discriminator;
		fDiscriminatorName = discriminatorName;
		fBadFields = badFields;
	}

	/**
	 * Checks one variant, in the order they are written (the discriminator's offset is the first variant's).
	 *
	 * @param variant a built VARIANT (name and elements set)
	 * @param code the variant's code as written ('A', 0x21)
	 * @param codeAt where the code is
	 * @param declaredLength the length the description declares, null if none
	 * @param lengthAt where that length is (used only with a declared length)
	 * @return the variant's spec length: the declared one, else the sum of its widths; -1 when it has no fixed length
	 */
	public <P> int variant(EObject variant, String code, P codeAt, @Nullable Integer declaredLength, P lengthAt, RuleReport<P> report) {
		int off = 0;
		int discAt = -1;
		boolean fixed = true;
		for (EObject el : list(variant, VARIANT_ELEMENTS)) {
			if (el.eClass() != FIELD_REF) {
				report.error(codeAt, "message " + code + ": 'repeat' is not supported inside messages");
				fixed = false;
				break;
			}
			EObject f = ref(el, FIELD_REF_FIELD);
			if (f == fDiscriminator) {
				discAt = off;
			}
			if (fBadFields.contains(f)) {
				fixed = false;
				break;
			}
			int w = i(f, FIELD_WIDTH);
			if (w < 0) {
				report.error(codeAt, "message " + code + ": variable-length field '" + str(f, FIELD_NAME) + "' is not supported inside messages");
				fixed = false;
				break;
			}
			off += w;
		}
		int specLength = -1;
		if (declaredLength != null) {
			specLength = declaredLength;
			if (fixed && off != specLength) {
				report.error(lengthAt, "message " + code + " (" + str(variant, VARIANT_NAME) + ") adds up to " + off
						+ " bytes, its declared length is " + specLength);
			}
		} else if (fixed) {
			specLength = off;
		}
		if (fDiscriminator != null && fixed) {
			if (discAt < 0) {
				report.error(codeAt, "message " + code + " does not contain its discriminator '" + fDiscriminatorName + "'");
			} else if (fDiscriminatorOffset < 0) {
				fDiscriminatorOffset = discAt;
			} else if (fDiscriminatorOffset != discAt) {
				report.error(codeAt, "message " + code + " has '" + fDiscriminatorName + "' at offset " + discAt
						+ ", other messages at " + fDiscriminatorOffset);
			}
		}
		return specLength;
	}
}
