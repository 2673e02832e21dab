package io.feedscope.dissect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One field (or group) as seen by a {@link FieldVisitor}: a reused flyweight over the frame bytes.
 * Strings are made only when {@link #display()}, {@link #text()} or {@link #rawText()} is called.
 */
public final class FieldValue {

	private @Nullable FieldInfo fInfo;
	private String fGroupName = "";
	private String fGroupTitle = "";
	private ByteBuffer fBuffer = ByteBuffer.allocate(0);
	private int fOffset;
	private int fLength;
	private long fValue;
	private boolean fPresent;

	FieldValue() {
	}

	void setField(FieldInfo info, ByteBuffer buffer, int offset, int length, long value, boolean present) {
		fInfo = info;
		fBuffer = buffer;
		fOffset = offset;
		fLength = length;
		fValue = value;
		fPresent = present;
	}

	void setGroup(String name, String title, ByteBuffer buffer, int offset, int length) {
		fInfo = null;
		fGroupName = name;
		fGroupTitle = title;
		fBuffer = buffer;
		fOffset = offset;
		fLength = length;
		fValue = 0;
		fPresent = true;
	}

	/** @return the field's static description; null for a group */
	public @Nullable FieldInfo info() {
		return fInfo;
	}

	/** @return true for a group (protocol, block, message) rather than a field */
	public boolean isGroup() {
		return fInfo == null;
	}

	/** @return filter name, e.g. {@code itch50.price}; for a group, e.g. {@code moldudp64.msgblock} */
	public String name() {
		FieldInfo i = fInfo;
		return i == null ? fGroupName : i.name();
	}

	/** @return name for people ("Price") */
	public String displayName() {
		FieldInfo i = fInfo;
		return i == null ? fGroupTitle : i.displayName();
	}

	/** @return the kind; {@link FieldKind#BYTES} for a group */
	public FieldKind kind() {
		FieldInfo i = fInfo;
		return i == null ? FieldKind.BYTES : i.kind();
	}

	/** @return offset in the frame */
	public int offset() {
		return fOffset;
	}

	/** @return length in the frame (the bytes present: a field cut short by the packet end is shorter than its width) */
	public int length() {
		return fLength;
	}

	/** @return false if the field lies (partly) beyond the bytes present; its value is then 0 */
	public boolean isPresent() {
		return fPresent;
	}

	/** @return true for a derived value (e.g. {@code moldudp64.msgseq}) */
	public boolean isDerived() {
		FieldInfo i = fInfo;
		return i != null && i.isDerived();
	}

	/** @return the raw integer value (unscaled for decimals, char code for chars); 0 for text and bytes */
	public long rawValue() {
		return fValue;
	}

	/** @return the raw ASCII bytes, padding included */
	public String rawText() {
		byte[] b = new byte[fLength];
		fBuffer.get(fOffset, b);
		return new String(b, StandardCharsets.ISO_8859_1);
	}

	/** @return ASCII text with the right padding (spaces) trimmed */
	public String text() {
		return rawText().stripTrailing();
	}

	/** @return the value as views show it: enum name, "123.4500", time of day, trimmed text, byte count */
	public String display() {
		FieldInfo i = fInfo;
		if (i == null) {
			return fGroupTitle;
		}
		if (!fPresent) {
			return i.isDerived() ? "<unknown: its base was not seen on this stream yet>" : "<missing: packet ends before this field>";
		}
		switch (i.kind()) {
		case ASCII:
			return i.formatText(text());
		case BYTES:
			return fLength + " bytes";
		default:
			return i.format(fValue);
		}
	}

	@Override
	public String toString() {
		return name() + " = " + display();
	}
}
