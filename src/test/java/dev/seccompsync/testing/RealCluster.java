package dev.seccompsync.testing;

import dev.seccompsync.cluster.SpoGeneration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the project's local kube-apiserver with the SPO CRDs of one generation
 * installed; the {@link LocalCluster} is injected as a parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("cluster")
@ExtendWith(LocalClusterExtension.class)
public @interface RealCluster {
  SpoGeneration value() default SpoGeneration.C;
}
