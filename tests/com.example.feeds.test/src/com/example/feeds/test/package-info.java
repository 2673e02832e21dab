/**
 * A team's plug-in for FeedScope, as releng/check-install installs it: the invented Example Feed
 * (protocols/*.fsp, contributed in plugin.xml), a check and a generator preset.
 */
@NonNullByDefault
package com.example.feeds.test;

import org.eclipse.jdt.annotation.NonNullByDefault;
