package io.ppctl.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuoteTest {

    @Test
    void quotesShortInputWhole() {
        assertThat(Quote.of("1.x")).isEqualTo("'1.x'");
    }

    @Test
    void quotesAShortPrefixOfLongInput() {
        String q = Quote.of("x".repeat(10_000_000));
        assertThat(q).isEqualTo("'" + "x".repeat(Quote.MAX) + "...' (10000000 characters)");
    }

    @Test
    void escapesControlCharactersAndQuotes() {
        assertThat(Quote.of("a\u001b[31mb\n'c\\")).isEqualTo("'a\\u001b[31mb\\n\\'c\\\\'");
        assertThat(Quote.ifNeeded("image.name")).isEqualTo("image.name");
        assertThat(Quote.ifNeeded("k".repeat(100))).startsWith("'kkk").endsWith("(100 characters)");
    }
}
