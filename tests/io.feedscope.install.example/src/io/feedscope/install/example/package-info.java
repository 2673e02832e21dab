/**
 * A plug-in installed into the product from a p2 repository by {@code feedscope-install}; its headless
 * application proves that the installed bundle resolves and runs.
 */
@NonNullByDefault
package io.feedscope.install.example;

import org.eclipse.jdt.annotation.NonNullByDefault;
