package io.feedscope.analysis;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.StringJoiner;

import org.eclipse.jdt.annotation.Nullable;

/**
 * What a check looks at: the packets of which feed protocols and of which {@link PacketRole}s its
 * {@link FeedCheck#onPacket} is handed. A contribution declares it with the {@code protocols} and {@code roles}
 * attributes of its {@code <check>} element (see {@code schema/checks.exsd}); an attribute left out means every
 * protocol or every role, so {@link #ALL} is what a check without either gets, as before there was a scope. The
 * analysis then calls the check only for the packets in scope, on every one of its paths: a check of one feed's
 * protocol costs nothing on another feed's packets.
 * <p>
 * Protocols are the framing protocols' ids as {@link PacketView#protocol()} gives them ({@code moldudp64},
 * {@code cboe_suh}); one no installed plug-in describes is not an error (its check never sees a packet), since a
 * team's jar may name the protocols of a plug-in installed separately. Roles are the names of {@link PacketRole}.
 * Only {@link FeedCheck#onPacket} is scoped: a check is started, finished and asked for its JSON and summary as
 * any other.
 */
public final class CheckScope {

	/** every protocol, every role */
	public static final CheckScope ALL = new CheckScope(Set.of(), Set.of());

	private static final int ALL_ROLES = (1 << PacketRole.values().length) - 1;

	private final Set<String> fProtocols;
	private final Set<PacketRole> fRoles;
	/** {@link #fProtocols} as an array, for {@link #includes}: a few compares, no hashing per packet */
	private final String[] fProtocolArray;
	/** bit {@code role.ordinal()} set for each role in scope */
	private final int fRoleMask;

	private CheckScope(Set<String> protocols, Set<PacketRole> roles) {
		fProtocols = protocols;
		fRoles = roles.isEmpty() ? Collections.unmodifiableSet(EnumSet.allOf(PacketRole.class)) : roles;
		fProtocolArray = protocols.toArray(new String[0]);
		int mask = 0;
		for (PacketRole r : fRoles) {
			mask |= 1 << r.ordinal();
		}
		fRoleMask = mask;
	}

	/**
	 * @param protocols the protocols in scope; empty for every protocol
	 * @param roles the roles in scope; empty for every role
	 * @return the scope
	 * @throws IllegalArgumentException for a protocol that is not a protocol id ({@link #parse})
	 */
	public static CheckScope of(Collection<String> protocols, Collection<PacketRole> roles) {
		if (protocols.isEmpty() && roles.isEmpty()) {
			return ALL;
		}
		for (String p : protocols) {
			if (!isProtocolId(p)) {
				throw new IllegalArgumentException("'" + p + "' is not a protocol id (" + PROTOCOL_IDS + ")");
			}
		}
		Set<PacketRole> r = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
		return new CheckScope(Collections.unmodifiableSet(new LinkedHashSet<>(protocols)), r);
	}

	private static final String PROTOCOL_IDS = "protocol ids such as moldudp64 or cboe_suh: letters, digits, _, - and .";

	private static boolean isProtocolId(String p) {
		if (p.isEmpty()) {
			return false;
		}
		for (int i = 0; i < p.length(); i++) {
			char c = p.charAt(i);
			if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Reads the two attributes of a {@code <check>} as plugin.xml gives them: comma-separated lists, blanks around
	 * an entry ignored.
	 *
	 * @param protocols the {@code protocols} attribute, null when absent (every protocol)
	 * @param roles the {@code roles} attribute, null when absent (every role)
	 * @return the scope
	 * @throws IllegalArgumentException saying which attribute, its value, what is wrong in it and what it takes,
	 *         e.g. {@code attribute roles="LINE_DATA,LINE_DAT": unknown role 'LINE_DAT' (roles: LINE_DATA, ...)}:
	 *         an entry that is empty (an empty attribute, two commas) or, for roles, not a {@link PacketRole}
	 */
	public static CheckScope parse(@Nullable String protocols, @Nullable String roles) {
		Set<String> p = new LinkedHashSet<>();
		if (protocols != null) {
			for (String token : protocols.split(",", -1)) {
				String t = token.strip();
				if (!isProtocolId(t)) {
					throw new IllegalArgumentException("attribute protocols=\"" + protocols + "\": "
							+ (t.isEmpty() ? "empty entry" : "'" + t + "' is not a protocol id") + " (" + PROTOCOL_IDS + ")");
				}
				p.add(t);
			}
		}
		Set<PacketRole> r = EnumSet.noneOf(PacketRole.class);
		if (roles != null) {
			for (String token : roles.split(",", -1)) {
				String t = token.strip();
				PacketRole role = role(t);
				if (role == null) {
					throw new IllegalArgumentException("attribute roles=\"" + roles + "\": "
							+ (t.isEmpty() ? "empty entry" : "unknown role '" + t + "'") + " (roles: " + roleNames() + ")");
				}
				r.add(role);
			}
		}
		return of(p, r);
	}

	private static @Nullable PacketRole role(String name) {
		for (PacketRole r : PacketRole.values()) {
			if (r.name().equals(name)) {
				return r;
			}
		}
		return null;
	}

	private static String roleNames() {
		StringJoiner j = new StringJoiner(", ");
		for (PacketRole r : PacketRole.values()) {
			j.add(r.name());
		}
		return j.toString();
	}

	/** @return the protocols in scope, in declaration order; empty for every protocol */
	public Set<String> protocols() {
		return fProtocols;
	}

	/** @return the roles in scope (every role when none was declared) */
	public Set<PacketRole> roles() {
		return fRoles;
	}

	/** @return true when the check sees every packet (no protocol and no role declared) */
	public boolean all() {
		return fProtocolArray.length == 0 && fRoleMask == ALL_ROLES;
	}

	/**
	 * @param protocol a packet's protocol ({@link PacketView#protocol()})
	 * @param role what the analysis made of the packet
	 * @return true when the check sees such a packet
	 */
	public boolean includes(String protocol, PacketRole role) {
		return includesRole(role) && includesProtocol(protocol);
	}

	/** @return true when the check sees packets of this role, whatever their protocol */
	boolean includesRole(PacketRole role) {
		return (fRoleMask & 1 << role.ordinal()) != 0;
	}

	/** @return true when the check sees packets of this protocol, whatever their role */
	boolean includesProtocol(String protocol) {
		String[] p = fProtocolArray;
		if (p.length == 0) {
			return true;
		}
		for (String s : p) {
			// sources hand out one String per protocol: the identity compare is the usual match
			if (s == protocol || s.equals(protocol)) {
				return true;
			}
		}
		return false;
	}

	/** @return the {@code protocols} attribute that declares this scope, null when it takes every protocol */
	public @Nullable String protocolsAttribute() {
		return fProtocols.isEmpty() ? null : String.join(",", fProtocols);
	}

	/** @return the {@code roles} attribute that declares this scope, null when it takes every role */
	public @Nullable String rolesAttribute() {
		if (fRoleMask == ALL_ROLES) {
			return null;
		}
		StringJoiner j = new StringJoiner(",");
		for (PacketRole r : fRoles) {
			j.add(r.name());
		}
		return j.toString();
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof CheckScope s && s.fProtocols.equals(fProtocols) && s.fRoleMask == fRoleMask;
	}

	@Override
	public int hashCode() {
		return fProtocols.hashCode() * 31 + fRoleMask;
	}

	@Override
	public String toString() {
		String p = protocolsAttribute();
		String r = rolesAttribute();
		return "CheckScope[protocols=" + (p == null ? "*" : p) + ", roles=" + (r == null ? "*" : r) + "]";
	}
}
