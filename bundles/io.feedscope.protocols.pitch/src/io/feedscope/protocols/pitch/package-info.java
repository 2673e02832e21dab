/**
 * The Cboe PITCH bundle's own check: what only a PITCH feed can get wrong (a unit's sequence reset without
 * the Unit Clear that must announce it). The protocols themselves are descriptions (protocols/*.fsp).
 */
@NonNullByDefault
package io.feedscope.protocols.pitch;

import org.eclipse.jdt.annotation.NonNullByDefault;
