package ru.myservice.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceResolver;
import org.springframework.web.servlet.resource.ResourceResolverChain;

/**
 * Our styles, scripts and pictures, which every page loads. Their addresses are matched before the
 * controllers' (a file's request otherwise tried every controller's mapping first), and each file is
 * read from the class path once and then served from memory with the time it was read as its last
 * change: inside the application's jar, each read and each last-modified check opened the jar's entry.
 */
@Configuration(proxyBeanMethods = false)
class StaticFilesInMemory implements WebMvcConfigurer {

    /** The folders under {@code static/} with the files pages link to. */
    static final List<String> FOLDERS = List.of("css", "js", "img");

    /** The only files served (Boot's mapping of all of {@code static/} is off: see application.yml). */
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.setOrder(Ordered.HIGHEST_PRECEDENCE);
        for (String folder : FOLDERS) {
            registry.addResourceHandler("/" + folder + "/**")
                    .addResourceLocations("classpath:/static/" + folder + "/")
                    .resourceChain(true)
                    .addResolver(new InMemory());
        }
    }

    /** Resolves a file as usual, then keeps its bytes; the chain's cache keeps the result per path. */
    static final class InMemory implements ResourceResolver {

        @Override
        public @Nullable Resource resolveResource(
                @Nullable HttpServletRequest request,
                String requestPath,
                List<? extends Resource> locations,
                ResourceResolverChain chain) {
            Resource found = chain.resolveResource(request, requestPath, locations);
            return found == null ? null : Held.of(found);
        }

        @Override
        public @Nullable String resolveUrlPath(
                String resourcePath, List<? extends Resource> locations, ResourceResolverChain chain) {
            return chain.resolveUrlPath(resourcePath, locations);
        }
    }

    /** A file's bytes, name and last change, as read once. */
    static final class Held extends ByteArrayResource {

        private final @Nullable String filename;
        private final long lastModified;

        private Held(byte[] content, @Nullable String filename, long lastModified) {
            super(content, filename == null ? "static file" : filename);
            this.filename = filename;
            this.lastModified = lastModified;
        }

        static @Nullable Resource of(Resource file) {
            try (InputStream in = file.getInputStream()) {
                return new Held(in.readAllBytes(), file.getFilename(), file.lastModified());
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public @Nullable String getFilename() {
            return filename;
        }

        @Override
        public long lastModified() {
            return lastModified;
        }
    }
}
