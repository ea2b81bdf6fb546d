package io.ppctl.config;

import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Text;
import io.ppctl.version.TagTemplate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads ppctl.yaml: safe YAML only, every key checked, every problem reported at once with its key path and
 * position. Nothing here touches Docker, so a bad config fails before anything expensive starts.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /**
     * @param file     the config file
     * @param required when false (the default file name was not given explicitly) a missing file means all defaults
     */
    public static PpctlConfig load(Path file, boolean required) {
        String text;
        try {
            text = InputFiles.readText(file, InputFiles.TEXT_LIMIT);
        } catch (InputFiles.Refused e) {
            throw PpctlException.usage(file + ": config file " + e.getMessage());
        } catch (NoSuchFileException e) {
            if (!required) {
                return PpctlConfig.defaults();
            }
            throw PpctlException.usage(file + ": config file not found");
        } catch (AccessDeniedException e) {
            throw PpctlException.usage(file + ": config file is not readable (permission denied)");
        } catch (MalformedInputException e) {
            throw PpctlException.usage(file + ": config file is not valid UTF-8 text");
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw PpctlException.usage(file + ": is a directory, not a config file");
            }
            throw PpctlException.usage(file + ": cannot read config file: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** Parses config text; {@code name} is how the file is named in messages. */
    public static PpctlConfig parse(String name, String text) {
        Node document = compose(name, text);
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigReader root = ConfigReader.root(name, document, problems);
        PpctlConfig config = read(root);
        root.finish();
        validate(root, config);
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
            throw new ConfigException(problems);
        }
        return config;
    }

    private static PpctlConfig read(ConfigReader root) {
        ImageConfig image = ImageConfig.read(root.section("image"));
        VersionConfig version = VersionConfig.read(root.section("version"));
        List<String> tags = root.stringList("tags", PpctlConfig.DEFAULT_TAGS, false);
        List<RegistryConfig> registries = root.list("registries", RegistryConfig::read);
        SmokeTestsConfig smoke = SmokeTestsConfig.read(root.section("smokeTests"));
        List<IntegrationCase> integration = root.list("integrationTests", IntegrationCase::read);
        ScanConfig scan = ScanConfig.read(root.section("scan"));
        List<PolicyRepoConfig> policyRepos = root.list("policyRepos", PolicyRepoConfig::read);
        PushConfig push = PushConfig.read(root.section("push"));
        List<ConsumerConfig> consumers = root.list("consumers", ConsumerConfig::read);
        SigningConfig signing = SigningConfig.read(root.section("signing"));
        return new PpctlConfig(image, version, tags, registries, smoke, integration, scan, policyRepos, push, consumers, signing);
    }

    /** Checks that span several keys. */
    private static void validate(ConfigReader root, PpctlConfig c) {
        if (c.tags().isEmpty()) {
            root.problem("tags", "must name at least one tag; the release policy wants {{version}}, sha-{{sha}} and latest");
        }
        for (int i = 0; i < c.tags().size(); i++) {
            int index = i;
            TagTemplate.problem(c.tags().get(i)).ifPresent(p -> root.problem("tags", "[" + index + "] " + p));
        }
        unique(root, "registries", c.registries().stream().map(RegistryConfig::name).toList());
        unique(root, "integrationTests", c.integrationTests().stream().map(IntegrationCase::name).toList());
        unique(root, "policyRepos", c.policyRepos().stream().map(PolicyRepoConfig::name).toList());
        unique(root, "consumers", c.consumers().stream().map(ConsumerConfig::name).toList());
        unique(root, "smokeTests", c.smokeTests().commands().stream().map(SmokeTestsConfig.CommandCheck::name).toList());
        if (c.push().initialBackoff().compareTo(c.push().maxBackoff()) > 0) {
            root.problem("push", "initialBackoff is longer than maxBackoff");
        }
    }

    private static void unique(ConfigReader root, String key, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n != null && !seen.add(n)) {
                root.problem(key, "the name '" + n + "' is used twice; names must be unique");
            }
        }
    }

    private static Node compose(String name, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try (Reader reader = new StringReader(text)) {
            Iterable<Node> docs = yaml.composeAll(reader);
            Node first = null;
            int count = 0;
            for (Node doc : docs) {
                if (count++ == 0) {
                    first = doc;
                }
            }
            if (count > 1) {
                throw PpctlException.usage(name + ": holds " + count + " YAML documents ('---'); ppctl reads exactly one");
            }
            return first;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw PpctlException.usage(name + where + ": invalid YAML: " + what + context);
        } catch (YAMLException e) {
            throw PpctlException.usage(name + ": invalid YAML: " + Text.firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
