/**
 * FeedScope display filters: a Wireshark-style expression language over named fields
 * ({@code itch50.stock == "AAPL" and itch50.shares > 100}), compiled once into a predicate and tested
 * against any record that exposes its fields through {@link io.feedscope.filter.FieldValues}.
 */
@NonNullByDefault
package io.feedscope.filter;

import org.eclipse.jdt.annotation.NonNullByDefault;
