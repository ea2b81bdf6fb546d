package io.ppctl.policies;

import io.ppctl.version.BumpLevel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TreeChangesTest {
    private static PolicyTree.File file(String path, String content) {
        return new PolicyTree.File(path, PolicyTree.MODE_FILE, PolicyTree.contentHash(content.getBytes()));
    }

    private static PolicyTree tree(PolicyTree.File... files) {
        return PolicyTree.of(List.of(files));
    }

    @Test
    void listsAddedChangedAndRemovedFilesAsAPatch() {
        TreeChanges c = TreeChanges.between(tree(file("a.yaml", "1"), file("b.yaml", "1")), tree(file("a.yaml", "2"), file("c.yaml", "1")));
        assertThat(c.added()).containsExactly("c.yaml");
        assertThat(c.changed()).containsExactly("a.yaml");
        assertThat(c.removed()).containsExactly("b.yaml");
        assertThat(c.moved()).isEmpty();
        assertThat(c.level()).contains(BumpLevel.PATCH);
        assertThat(c.summary()).isEqualTo("1 added, 1 changed, 1 removed");
    }

    @Test
    void aFileThatWentToAnotherFolderIsAMoveAndMajor() {
        TreeChanges c = TreeChanges.between(tree(file("best/x.yaml", "x")), tree(file("pod/x-renamed.yaml", "x")));
        assertThat(c.moved()).containsExactly(new TreeChanges.Move("best/x.yaml", "pod/x-renamed.yaml"));
        assertThat(c.added()).isEmpty();
        assertThat(c.removed()).isEmpty();
        assertThat(c.level()).contains(BumpLevel.MAJOR);
    }

    @Test
    void aFileMovedAndEditedIsFoundByItsName() {
        TreeChanges c = TreeChanges.between(tree(file("best/x.yaml", "old")), tree(file("pod/x.yaml", "new")));
        assertThat(c.moved()).containsExactly(new TreeChanges.Move("best/x.yaml", "pod/x.yaml"));
    }

    @Test
    void aRenameInsideItsFolderIsNoMove() {
        TreeChanges c = TreeChanges.between(tree(file("pod/x.yaml", "x")), tree(file("pod/y.yaml", "x")));
        assertThat(c.moved()).isEmpty();
        assertThat(c.added()).containsExactly("pod/y.yaml");
        assertThat(c.removed()).containsExactly("pod/x.yaml");
        assertThat(c.level()).contains(BumpLevel.PATCH);
    }

    @Test
    void aModeChangeIsAChange() {
        PolicyTree.File exec = new PolicyTree.File("run.sh", PolicyTree.MODE_EXECUTABLE, PolicyTree.contentHash("x".getBytes()));
        assertThat(TreeChanges.between(tree(file("run.sh", "x")), tree(exec)).changed()).containsExactly("run.sh");
    }

    @Test
    void noChangeNeedsNoRelease() {
        TreeChanges c = TreeChanges.between(tree(file("a", "1")), tree(file("a", "1")));
        assertThat(c.isEmpty()).isTrue();
        assertThat(c.level()).isEmpty();
    }

    @Test
    void theDigestDependsOnPathsModesAndContentsButNotOnOrder() {
        PolicyTree ab = tree(file("a", "1"), file("b", "2"));
        assertThat(tree(file("b", "2"), file("a", "1")).digest()).isEqualTo(ab.digest()).startsWith("sha256:").hasSize(71);
        assertThat(tree(file("a", "1"), file("c", "2")).digest()).isNotEqualTo(ab.digest());
        assertThat(tree(file("a", "1"), file("b", "3")).digest()).isNotEqualTo(ab.digest());
        PolicyTree.File execB = new PolicyTree.File("b", PolicyTree.MODE_EXECUTABLE, PolicyTree.contentHash("2".getBytes()));
        assertThat(tree(file("a", "1"), execB).digest()).isNotEqualTo(ab.digest());
    }
}
