package io.feedscope.dissect.internal.model;

import java.util.List;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The Ecore metamodel of a protocol description, built in code with {@link EcoreFactory}.
 * <p>
 * Why in code: no EMF generator runs at build time and no XMI has to be parsed at start-up; the
 * model is small and stable, and dynamic {@link EObject}s are all the compiler and the layout builder
 * need. The package is registered under {@link #NS_URI} so tools (a tree editor, an XMI dump for
 * debugging) can still treat compiled protocols as ordinary EMF models.
 * <p>
 * Classes: Protocol (fields, enums, messageSet, packets, binding), FieldDef (type, width, byte
 * order, scale, unit, enum, role, specials), EnumDef/EnumLiteral, SpecialValue, MessageSet/Variant
 * (variants chosen by a discriminator field, plus the fallback), PacketDef (framing layouts with
 * conditions), Element = FieldRef | Repeat, Condition, Binding (PortRange, GroupRange, carriedBy,
 * Heuristic).
 */
public final class ProtocolModel {

	public static final String NS_URI = "http://feedscope.io/dissect/protocol/1.0";

	public static final EPackage PACKAGE;
	public static final EEnum FIELD_TYPE;

	public static final EClass PROTOCOL;
	public static final EAttribute PROTOCOL_NAME;
	public static final EAttribute PROTOCOL_LABEL;
	public static final EAttribute PROTOCOL_DOC;
	public static final EAttribute PROTOCOL_BIG_ENDIAN;
	public static final EAttribute PROTOCOL_KIND;
	public static final EAttribute PROTOCOL_SOURCE;
	public static final EReference PROTOCOL_FIELDS;
	public static final EReference PROTOCOL_ENUMS;
	public static final EReference PROTOCOL_MESSAGES;
	public static final EReference PROTOCOL_PACKETS;
	public static final EReference PROTOCOL_BINDING;

	public static final EClass FIELD;
	public static final EAttribute FIELD_NAME;
	public static final EAttribute FIELD_LABEL;
	public static final EAttribute FIELD_DOC;
	public static final EAttribute FIELD_KIND;
	public static final EAttribute FIELD_WIDTH;
	public static final EAttribute FIELD_BIG_ENDIAN;
	public static final EAttribute FIELD_SCALE;
	public static final EAttribute FIELD_UNIT;
	public static final EAttribute FIELD_ROLE;
	public static final EAttribute FIELD_LINE;
	public static final EReference FIELD_ENUM;
	public static final EReference FIELD_SPECIALS;
	/** a msglen whose value counts itself: measured from the length field's first byte */
	public static final EAttribute FIELD_COUNTS_ITSELF;
	/** a derived time ({@code = base + offset}): the seconds-like field remembered per stream */
	public static final EReference FIELD_DERIVED_BASE;
	/** a derived time: the field of this message added to the remembered base */
	public static final EReference FIELD_DERIVED_OFFSET;

	public static final EClass SPECIAL;
	public static final EAttribute SPECIAL_VALUE;
	public static final EAttribute SPECIAL_NAME;
	public static final EAttribute SPECIAL_LABEL;
	public static final EAttribute SPECIAL_PACKET_KIND;

	public static final EClass ENUM;
	public static final EAttribute ENUM_NAME;
	public static final EAttribute ENUM_KEY_KIND;
	public static final EAttribute ENUM_DOC;
	public static final EReference ENUM_LITERALS;

	public static final EClass LITERAL;
	public static final EAttribute LITERAL_CODE;
	public static final EAttribute LITERAL_TEXT;
	public static final EAttribute LITERAL_NAME;
	public static final EAttribute LITERAL_LABEL;
	public static final EAttribute LITERAL_DOC;

	public static final EClass MESSAGE_SET;
	public static final EReference MESSAGE_SET_DISCRIMINATOR;
	public static final EReference MESSAGE_SET_VARIANTS;
	public static final EAttribute MESSAGE_SET_FALLBACK_NAME;
	public static final EAttribute MESSAGE_SET_FALLBACK_LABEL;

	public static final EClass VARIANT;
	public static final EAttribute VARIANT_CODE;
	public static final EAttribute VARIANT_NAME;
	public static final EAttribute VARIANT_LABEL;
	public static final EAttribute VARIANT_DOC;
	public static final EAttribute VARIANT_SPEC_LENGTH;
	public static final EReference VARIANT_ELEMENTS;

	public static final EClass ELEMENT;
	public static final EClass FIELD_REF;
	public static final EReference FIELD_REF_FIELD;
	public static final EReference FIELD_REF_SIZE;
	public static final EAttribute FIELD_REF_HANDOFF;
	public static final EClass REPEAT;
	public static final EReference REPEAT_COUNT;
	public static final EAttribute REPEAT_TO_END;
	public static final EReference REPEAT_ELEMENTS;

	public static final EClass PACKET;
	public static final EAttribute PACKET_NAME;
	public static final EAttribute PACKET_LABEL;
	public static final EAttribute PACKET_KIND;
	public static final EAttribute PACKET_DOC;
	public static final EReference PACKET_CONDITIONS;
	public static final EReference PACKET_ELEMENTS;

	public static final EClass CONDITION;
	/** SIZE, FIELD, FIELD_SIZE, PRINTABLE, BLOCKS_FILL, SPECIAL, NOT_SPECIAL */
	public static final EAttribute CONDITION_TEST;
	public static final EReference CONDITION_FIELD;
	public static final EAttribute CONDITION_OP;
	public static final EAttribute CONDITION_VALUE;

	public static final EClass BINDING;
	public static final EReference BINDING_PORTS;
	public static final EReference BINDING_GROUPS;
	public static final EAttribute BINDING_CARRIED_BY;
	/** "line:column" of each carried-by name, same index (registry-level diagnostics name the place) */
	public static final EAttribute BINDING_CARRIED_BY_POS;
	public static final EReference BINDING_HEURISTICS;

	public static final EClass PORT_RANGE;
	public static final EAttribute PORT_RANGE_LOW;
	public static final EAttribute PORT_RANGE_HIGH;
	public static final EClass GROUP_RANGE;
	public static final EAttribute GROUP_RANGE_ADDRESS;
	public static final EAttribute GROUP_RANGE_PREFIX;
	public static final EClass HEURISTIC;
	public static final EAttribute HEURISTIC_NAME;
	public static final EAttribute HEURISTIC_SCORE;
	public static final EReference HEURISTIC_CONDITIONS;

	private static final EcoreFactory F = EcoreFactory.eINSTANCE;
	private static final EcorePackage E = EcorePackage.eINSTANCE;

	static {
		EPackage p = F.createEPackage();
		p.setName("protocol");
		p.setNsPrefix("fsp");
		p.setNsURI(NS_URI);
		PACKAGE = p;

		FIELD_TYPE = F.createEEnum();
		FIELD_TYPE.setName("FieldType");
		int v = 0;
		for (String lit : new String[] { "UINT", "CHAR", "ASCII", "DECIMAL", "TIME", "BYTES" }) {
			EEnumLiteral l = F.createEEnumLiteral();
			l.setName(lit);
			l.setLiteral(lit);
			l.setValue(v++);
			FIELD_TYPE.getELiterals().add(l);
		}
		p.getEClassifiers().add(FIELD_TYPE);

		PROTOCOL = cls(p, "Protocol", false);
		FIELD = cls(p, "FieldDef", false);
		SPECIAL = cls(p, "SpecialValue", false);
		ENUM = cls(p, "EnumDef", false);
		LITERAL = cls(p, "EnumLiteral", false);
		MESSAGE_SET = cls(p, "MessageSet", false);
		VARIANT = cls(p, "Variant", false);
		ELEMENT = cls(p, "Element", true);
		FIELD_REF = cls(p, "FieldRef", false);
		FIELD_REF.getESuperTypes().add(ELEMENT);
		REPEAT = cls(p, "Repeat", false);
		REPEAT.getESuperTypes().add(ELEMENT);
		PACKET = cls(p, "PacketDef", false);
		CONDITION = cls(p, "Condition", false);
		BINDING = cls(p, "Binding", false);
		PORT_RANGE = cls(p, "PortRange", false);
		GROUP_RANGE = cls(p, "GroupRange", false);
		HEURISTIC = cls(p, "Heuristic", false);

		PROTOCOL_NAME = attr(PROTOCOL, "name", E.getEString());
		PROTOCOL_LABEL = attr(PROTOCOL, "label", E.getEString());
		PROTOCOL_DOC = attr(PROTOCOL, "doc", E.getEString());
		PROTOCOL_BIG_ENDIAN = attr(PROTOCOL, "bigEndian", E.getEBoolean());
		PROTOCOL_KIND = attr(PROTOCOL, "kind", E.getEString());
		PROTOCOL_SOURCE = attr(PROTOCOL, "source", E.getEString());
		PROTOCOL_FIELDS = ref(PROTOCOL, "fields", FIELD, true, true);
		PROTOCOL_ENUMS = ref(PROTOCOL, "enums", ENUM, true, true);
		PROTOCOL_MESSAGES = ref(PROTOCOL, "messageSet", MESSAGE_SET, true, false);
		PROTOCOL_PACKETS = ref(PROTOCOL, "packets", PACKET, true, true);
		PROTOCOL_BINDING = ref(PROTOCOL, "binding", BINDING, true, false);

		FIELD_NAME = attr(FIELD, "name", E.getEString());
		FIELD_LABEL = attr(FIELD, "label", E.getEString());
		FIELD_DOC = attr(FIELD, "doc", E.getEString());
		FIELD_KIND = attr(FIELD, "type", FIELD_TYPE);
		FIELD_WIDTH = attr(FIELD, "width", E.getEInt());
		FIELD_BIG_ENDIAN = attr(FIELD, "bigEndian", E.getEBoolean());
		FIELD_SCALE = attr(FIELD, "scale", E.getEInt());
		FIELD_UNIT = attr(FIELD, "unit", E.getEString());
		FIELD_ROLE = attr(FIELD, "role", E.getEString());
		FIELD_LINE = attr(FIELD, "line", E.getEInt());
		FIELD_ENUM = ref(FIELD, "enumDef", ENUM, false, false);
		FIELD_SPECIALS = ref(FIELD, "specials", SPECIAL, true, true);
		FIELD_COUNTS_ITSELF = attr(FIELD, "countsItself", E.getEBoolean());
		FIELD_DERIVED_BASE = ref(FIELD, "derivedBase", FIELD, false, false);
		FIELD_DERIVED_OFFSET = ref(FIELD, "derivedOffset", FIELD, false, false);

		SPECIAL_VALUE = attr(SPECIAL, "value", E.getELong());
		SPECIAL_NAME = attr(SPECIAL, "name", E.getEString());
		SPECIAL_LABEL = attr(SPECIAL, "label", E.getEString());
		SPECIAL_PACKET_KIND = attr(SPECIAL, "packetKind", E.getEString());

		ENUM_NAME = attr(ENUM, "name", E.getEString());
		ENUM_KEY_KIND = attr(ENUM, "keyKind", E.getEString());
		ENUM_DOC = attr(ENUM, "doc", E.getEString());
		ENUM_LITERALS = ref(ENUM, "literals", LITERAL, true, true);

		LITERAL_CODE = attr(LITERAL, "code", E.getELong());
		LITERAL_TEXT = attr(LITERAL, "text", E.getEString());
		LITERAL_NAME = attr(LITERAL, "name", E.getEString());
		LITERAL_LABEL = attr(LITERAL, "label", E.getEString());
		LITERAL_DOC = attr(LITERAL, "doc", E.getEString());

		MESSAGE_SET_DISCRIMINATOR = ref(MESSAGE_SET, "discriminator", FIELD, false, false);
		MESSAGE_SET_VARIANTS = ref(MESSAGE_SET, "variants", VARIANT, true, true);
		MESSAGE_SET_FALLBACK_NAME = attr(MESSAGE_SET, "fallbackName", E.getEString());
		MESSAGE_SET_FALLBACK_LABEL = attr(MESSAGE_SET, "fallbackLabel", E.getEString());

		VARIANT_CODE = attr(VARIANT, "code", E.getELong());
		VARIANT_NAME = attr(VARIANT, "name", E.getEString());
		VARIANT_LABEL = attr(VARIANT, "label", E.getEString());
		VARIANT_DOC = attr(VARIANT, "doc", E.getEString());
		VARIANT_SPEC_LENGTH = attr(VARIANT, "specLength", E.getEInt());
		VARIANT_ELEMENTS = ref(VARIANT, "elements", ELEMENT, true, true);

		FIELD_REF_FIELD = ref(FIELD_REF, "field", FIELD, false, false);
		FIELD_REF_SIZE = ref(FIELD_REF, "sizeField", FIELD, false, false);
		FIELD_REF_HANDOFF = attr(FIELD_REF, "handoff", E.getEBoolean());
		REPEAT_COUNT = ref(REPEAT, "countField", FIELD, false, false);
		REPEAT_TO_END = attr(REPEAT, "toEnd", E.getEBoolean());
		REPEAT_ELEMENTS = ref(REPEAT, "elements", ELEMENT, true, true);

		PACKET_NAME = attr(PACKET, "name", E.getEString());
		PACKET_LABEL = attr(PACKET, "label", E.getEString());
		PACKET_KIND = attr(PACKET, "packetKind", E.getEString());
		PACKET_DOC = attr(PACKET, "doc", E.getEString());
		PACKET_CONDITIONS = ref(PACKET, "conditions", CONDITION, true, true);
		PACKET_ELEMENTS = ref(PACKET, "elements", ELEMENT, true, true);

		CONDITION_TEST = attr(CONDITION, "test", E.getEString());
		CONDITION_FIELD = ref(CONDITION, "field", FIELD, false, false);
		CONDITION_OP = attr(CONDITION, "op", E.getEString());
		CONDITION_VALUE = attr(CONDITION, "value", E.getELong());

		BINDING_PORTS = ref(BINDING, "ports", PORT_RANGE, true, true);
		BINDING_GROUPS = ref(BINDING, "groups", GROUP_RANGE, true, true);
		BINDING_CARRIED_BY = attr(BINDING, "carriedBy", E.getEString());
		BINDING_CARRIED_BY.setUpperBound(-1);
		BINDING_CARRIED_BY_POS = attr(BINDING, "carriedByPos", E.getEString());
		BINDING_CARRIED_BY_POS.setUpperBound(-1);
		BINDING_HEURISTICS = ref(BINDING, "heuristics", HEURISTIC, true, true);

		PORT_RANGE_LOW = attr(PORT_RANGE, "low", E.getEInt());
		PORT_RANGE_HIGH = attr(PORT_RANGE, "high", E.getEInt());
		GROUP_RANGE_ADDRESS = attr(GROUP_RANGE, "address", E.getEInt());
		GROUP_RANGE_PREFIX = attr(GROUP_RANGE, "prefix", E.getEInt());
		HEURISTIC_NAME = attr(HEURISTIC, "name", E.getEString());
		HEURISTIC_SCORE = attr(HEURISTIC, "score", E.getEInt());
		HEURISTIC_CONDITIONS = ref(HEURISTIC, "conditions", CONDITION, true, true);

		EPackage.Registry.INSTANCE.put(NS_URI, p);
	}

	private ProtocolModel() {
	}

	private static EClass cls(EPackage p, String name, boolean isAbstract) {
		EClass c = F.createEClass();
		c.setName(name);
		c.setAbstract(isAbstract);
		p.getEClassifiers().add(c);
		return c;
	}

	private static EAttribute attr(EClass c, String name, EClassifier type) {
		EAttribute a = F.createEAttribute();
		a.setName(name);
		a.setEType(type);
		c.getEStructuralFeatures().add(a);
		return a;
	}

	private static EReference ref(EClass c, String name, EClass type, boolean containment, boolean many) {
		EReference r = F.createEReference();
		r.setName(name);
		r.setEType(type);
		r.setContainment(containment);
		r.setUpperBound(many ? -1 : 1);
		c.getEStructuralFeatures().add(r);
		return r;
	}

	// --- small typed helpers over dynamic EObjects, so the compiler and layout code stay readable ---

	public static EObject create(EClass c) {
		return EcoreUtil.create(c);
	}

	@SuppressWarnings("unchecked")
	public static EList<EObject> list(EObject o, EReference r) {
		return (EList<EObject>) o.eGet(r);
	}

	@SuppressWarnings("unchecked")
	public static List<String> strings(EObject o, EAttribute a) {
		return (List<String>) o.eGet(a);
	}

	public static String str(EObject o, EAttribute a) {
		Object v = o.eGet(a);
		return v == null ? "" : (String) v;
	}

	public static int i(EObject o, EAttribute a) {
		return ((Integer) o.eGet(a)).intValue();
	}

	public static long l(EObject o, EAttribute a) {
		return ((Long) o.eGet(a)).longValue();
	}

	public static boolean b(EObject o, EAttribute a) {
		return ((Boolean) o.eGet(a)).booleanValue();
	}

	public static @Nullable EObject obj(EObject o, EStructuralFeature r) {
		return (EObject) o.eGet(r);
	}

	/**
	 * A reference the compiler always sets (a field reference's field, a derived time's base and offset): unset
	 * means a model built by other code than the compiler, which is a bug, not bad input, so it is not reported
	 * as a diagnostic.
	 */
	public static EObject ref(EObject o, EStructuralFeature r) {
		EObject target = (EObject) o.eGet(r);
		if (target == null) {
			throw new IllegalStateException(o.eClass().getName() + "." + r.getName() + " is not set");
		}
		return target;
	}

	public static String fieldType(EObject field) {
		return ((org.eclipse.emf.common.util.Enumerator) field.eGet(FIELD_KIND)).getName();
	}

	public static void setFieldType(EObject field, String type) {
		field.eSet(FIELD_KIND, FIELD_TYPE.getEEnumLiteral(type).getInstance());
	}
}
