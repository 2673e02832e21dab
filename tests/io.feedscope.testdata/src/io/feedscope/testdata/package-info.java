/** Where the repository's test inputs are, for every test fragment. */
package io.feedscope.testdata;
