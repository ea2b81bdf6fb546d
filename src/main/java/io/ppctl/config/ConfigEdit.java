package io.ppctl.config;

import io.ppctl.core.PpctlException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Changes one value of ppctl.yaml in place, touching nothing else: comments, order, quoting and blank lines stay
 * as the user wrote them. Used by {@code ppctl policies update NAME --to TAG} to move a repo's ref.
 */
public final class ConfigEdit {
    private static final Set<String> YAML_WORDS = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

    private ConfigEdit() {}

    /** {@code text} with policyRepos[name=repo].ref set to {@code newRef}. */
    public static String withPolicyRepoRef(String fileName, String text, String repo, String newRef) {
        Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        ScalarNode ref = Optional.ofNullable(value(root, "policyRepos"))
                .filter(SequenceNode.class::isInstance).map(SequenceNode.class::cast).stream()
                .flatMap(s -> s.getValue().stream())
                .filter(item -> value(item, "name") instanceof ScalarNode n && n.getValue().equals(repo))
                .map(item -> value(item, "ref"))
                .filter(ScalarNode.class::isInstance).map(ScalarNode.class::cast)
                .findFirst()
                .orElseThrow(() -> PpctlException.usage(fileName + ": no policyRepos entry named '" + repo + "' with a ref to change"));
        int start = text.offsetByCodePoints(0, ref.getStartMark().getIndex());
        int end = text.offsetByCodePoints(0, ref.getEndMark().getIndex());
        return text.substring(0, start) + scalar(newRef) + text.substring(end);
    }

    /** Plain when YAML reads it back as the same string, else double-quoted. */
    static String scalar(String value) {
        if (value.matches("[A-Za-z_][A-Za-z0-9._/-]*") && !YAML_WORDS.contains(value.toLowerCase(Locale.ROOT))) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Node value(Node mapping, String key) {
        if (!(mapping instanceof MappingNode m)) {
            return null;
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }
}
