package io.ppctl.context;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** .dockerignore semantics, checked against the cases of moby/patternmatcher's own test suite. */
class DockerIgnoreTest {

    /** Matches one path the way the Docker CLI's walk does: folder by folder, each handing its match down. */
    private static boolean walked(DockerIgnore ignore, String path) {
        DockerIgnore.Match m = DockerIgnore.Match.root();
        String[] parts = path.split("/");
        String prefix = "";
        for (int i = 0; i < parts.length - 1; i++) {
            prefix = prefix.isEmpty() ? parts[i] : prefix + "/" + parts[i];
            m = ignore.match(prefix, m);
        }
        return ignore.match(path, m).excluded();
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '~', value = {
            "**~file~true", "**~dir/file~true", "**/~dir/file~true", "**/**~dir/file~true",
            "dir/**~dir/file~true", "dir/**~dir/dir2/file~true", "**/dir~dir~true", "**/dir~dir/file~true",
            "**/dir2/*~dir/dir2/file~true", "**/dir2/**~dir/dir2/dir3/file~true",
            "**file~file~true", "**file~dir/file~true", "**/file~dir/file~true", "**file~dir/dir/file~true",
            "**/file*~dir/dir/file.txt~true", "**/file*txt~dir/dir/file.txt~true", "**/file*.txt*~dir/dir/file.txt~true",
            "**/**/*.txt~dir/dir/file.txt~true", "**/**/*.txt2~dir/dir/file.txt~false", "**/*.txt~file.txt~true",
            "**/**/*.txt~file.txt~true", "a**/*.txt~a/file.txt~true", "a**/*.txt~a/dir/dir/file.txt~true",
            "a/*.txt~a/dir/file.txt~false", "a/*.txt~a/file.txt~true", "a/*.txt**~a/file.txt~true",
            "a[b-d]e~ae~false", "a[b-d]e~ace~true", "a[b-d]e~aae~false", "a[^b-d]e~aze~true",
            ".*~.foo~true", ".*~foo~false", "abc.def~abcdef~false", "abc.def~abc.def~true", "abc.def~abcZdef~false",
            "abc?def~abcZdef~true", "abc?def~abcdef~false", "**/foo/bar~foo/bar~true", "**/foo/bar~dir/dir2/foo/bar~true",
            "abc/**~abc~false", "abc/**~abc/def/ghi~true", "**/.foo~.foo~true", "**/.foo~bar.foo~false",
            "a(b)c/def~a(b)c/def~true", "a(b)c/def~a(b)c/xyz~false", "a.|)$(}+{bc~a.|)$(}+{bc~true",
            "dist/*.whl~dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl~true",
            "a\\*b~a*b~true", "a*/b~abc/b~true", "a*/b~a/c/b~false", "a?b~a/b~false", "a*b~a/b~false",
            "docs~docs/README.md~true", "docs/~docs/README.md~true", "/docs~docs/README.md~true",
            "./docs/../docs//x~docs/x~true", "*.md~docs/README.md~false", "*/*.md~docs/README.md~true"})
    void matchesLikeDocker(String pattern, String path, boolean excluded) {
        DockerIgnore ignore = DockerIgnore.parse(pattern + "\n");
        assertThat(ignore.excluded(path)).as("whole path").isEqualTo(excluded);
        assertThat(walked(ignore, path)).as("walked").isEqualTo(excluded);
    }

    @Test
    void theLastMatchingPatternWinsAndExceptionsReinclude() {
        DockerIgnore ignore = DockerIgnore.parse("**\n!util/docker/web\n");
        assertThat(walked(ignore, "util/docker/web/foo")).isFalse();
        assertThat(walked(ignore, "util/other")).isTrue();
        assertThat(walked(DockerIgnore.parse("**\n!util/docker/web\nutil/docker/web/foo\n"), "util/docker/web/foo")).isTrue();
        assertThat(DockerIgnore.parse("*.go\n!fileutils.go\n").excluded("fileutils.go")).isFalse();
        assertThat(DockerIgnore.parse("!fileutils.go\n*.go\n").excluded("fileutils.go")).isTrue();
        assertThat(DockerIgnore.parse("docs\n!docs/README.md\n").excluded("docs/README.md")).isFalse();
        assertThat(DockerIgnore.parse("docs/*\n!docs/README.md\n").excluded("docs/README.md")).isFalse();
    }

    @Test
    void readsTheFileAsTheCliDoes() {
        String file = "\uFEFF# a comment\n\n  target/  \n   # not a comment: leading spaces\n! keep.txt\n/abs/path\r\nwin\n";
        assertThat(DockerIgnore.readLines(file)).containsExactly("target", "# not a comment: leading spaces", "!keep.txt", "abs/path", "win");
    }

    @Test
    void anExcludedFolderIsWalkedOnlyWhenAnExceptionStartsWithIt() {
        assertThat(DockerIgnore.parse("target\n").canSkipExcludedDir("target")).isTrue();
        assertThat(DockerIgnore.parse("target\n!target/keep.txt\n").canSkipExcludedDir("target")).isFalse();
        assertThat(DockerIgnore.parse("target\n!target/keep.txt\n").canSkipExcludedDir("other")).isTrue();
        // Docker's literal prefix test: a ** exception does not keep the folder walked.
        assertThat(DockerIgnore.parse("target\n!**/keep.txt\n").canSkipExcludedDir("target")).isTrue();
    }

    @Test
    void theDockerfileAndDockerignoreAreAlwaysSent() {
        DockerIgnore ignore = DockerIgnore.parse("*\n").keeping(".dockerignore", "build/Dockerfile");
        assertThat(ignore.excluded(".dockerignore")).isFalse();
        assertThat(ignore.excluded("build/Dockerfile")).isFalse();
        assertThat(ignore.excluded("anything")).isTrue();
        assertThat(DockerIgnore.NONE.keeping("Dockerfile").isEmpty()).isTrue();
    }

    @Test
    void invalidPatternsNameTheirLine() {
        assertThatThrownBy(() -> DockerIgnore.parse("ok\n# c\n[\n")).hasMessageContaining("line 3").hasMessageContaining("'['");
        assertThatThrownBy(() -> DockerIgnore.parse("!\n")).hasMessageContaining("line 1").hasMessageContaining("lone '!'");
        assertThat(DockerIgnore.of(List.of("", "  ")).isEmpty()).isTrue();
    }

    @Test
    void cleansPathsLikeGo() {
        assertThat(DockerIgnore.clean("a//b/./c/..")).isEqualTo("a/b");
        assertThat(DockerIgnore.clean("/../a")).isEqualTo("/a");
        assertThat(DockerIgnore.clean("../../a")).isEqualTo("../../a");
        assertThat(DockerIgnore.clean("a/..")).isEqualTo(".");
        assertThat(DockerIgnore.clean("")).isEqualTo(".");
        assertThat(DockerIgnore.clean("dir/")).isEqualTo("dir");
    }

    @Test
    void anExcludedFolderStaysOutWhateverThePatternsKeep() {
        DockerIgnore ignore = DockerIgnore.parse("target\n!target/ppctl/keep\n").excluding("target/ppctl");
        assertThat(walked(ignore, "target/ppctl/release.lock")).isTrue();
        assertThat(walked(ignore, "target/ppctl/keep")).isTrue();
        assertThat(walked(DockerIgnore.NONE.excluding("target/ppctl"), "target/ppctl/gates/x.json")).isTrue();
        assertThat(walked(DockerIgnore.NONE.excluding("target/ppctl"), "target/classes/A.class")).isFalse();
    }
}
