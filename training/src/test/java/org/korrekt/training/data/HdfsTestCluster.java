package org.korrekt.training.data;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS in this JVM: one NameNode and one DataNode of Hadoop's {@link MiniDFSCluster}, on
 * free ports of localhost, keeping their metadata and blocks under a folder the caller owns (a
 * JUnit {@code @TempDir}). Clients reach it as {@link #uri()} with a default Hadoop
 * {@link Configuration}, exactly as {@code korrekt train --data hdfs://...} does; nothing in it is
 * faked.
 *
 * <p>Starting takes a few seconds; start one per test class. Not thread-safe to start or close;
 * the file system itself serves any number of clients.
 */
public final class HdfsTestCluster implements AutoCloseable {

    private final MiniDFSCluster cluster;
    private final URI uri;

    private HdfsTestCluster(MiniDFSCluster cluster) {
        this.cluster = cluster;
        this.uri = URI.create("hdfs://localhost:" + cluster.getNameNodePort() + "/");
    }

    /**
     * Formats and starts a cluster under {@code baseDir} and waits until the DataNode has
     * registered, so that files can be written at once.
     *
     * @param baseDir an empty local folder for the NameNode's and the DataNode's storage
     */
    public static HdfsTestCluster start(java.nio.file.Path baseDir) throws IOException {
        Configuration conf = new Configuration();
        // One DataNode holds one replica; the default of 3 would leave every block under-replicated.
        conf.setInt("dfs.replication", 1);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, baseDir.toFile())
                .numDataNodes(1)
                .format(true)
                .build();
        try {
            cluster.waitActive();
            return new HdfsTestCluster(cluster);
        } catch (IOException | RuntimeException e) {
            cluster.shutdown(true);
            throw e;
        }
    }

    /** The cluster's root, {@code hdfs://localhost:PORT/}. */
    public URI uri() {
        return uri;
    }

    /**
     * {@code hdfs://localhost:PORT/path} for an absolute {@code path}, which may be a glob: what a
     * URI forbids in a path (a glob's brackets and braces) is quoted, and Hadoop unquotes it.
     */
    public URI uri(String path) {
        try {
            return new URI(uri.getScheme(), uri.getAuthority(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not an absolute path: " + path, e);
        }
    }

    /** A client of the cluster, configured as the cluster is (replication 1). */
    public FileSystem fileSystem() throws IOException {
        return cluster.getFileSystem();
    }

    /**
     * Copies a local file or folder (recursively) to {@code target} on the cluster, as
     * {@code hdfs dfs -put} would; local {@code .crc} checksum files are not copied.
     *
     * @return the copy's URI
     */
    public URI put(java.nio.file.Path local, String target) throws IOException {
        URI destination = uri(target);
        fileSystem().copyFromLocalFile(false, true, new Path(local.toUri()), new Path(destination));
        return destination;
    }

    /** Stops the DataNode and the NameNode and deletes their storage. */
    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
