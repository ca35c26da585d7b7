package dev.brisk.peer.webflux;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Functional WebFlux routes, the style the Spring docs recommend for lean reactive handlers. */
@Configuration(proxyBeanMethods = false)
public class ProductRoutes {

  /** Routes; handlers run on Reactor Netty event loops. */
  @Bean
  public RouterFunction<ServerResponse> productRouter(ProductHandler products) {
    return route()
        .GET("/api/products/{id}", products::one)
        .GET("/api/products", products::page)
        .GET("/health/ready", request -> ServerResponse.ok()
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"status\":\"UP\"}"))
        .build();
  }
}
