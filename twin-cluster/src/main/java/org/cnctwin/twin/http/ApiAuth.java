package org.cnctwin.twin.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.typesafe.config.Config;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the API: a bearer token maps to a {@link Role}. Three modes, chosen by
 * {@code cnc-twin.http.auth.mode}: {@code open} (everyone is an operator: the local demo, which
 * says so in its banner), {@code tokens} (static tokens from configuration) and {@code jwt}
 * (RS256/ES256 tokens checked against the issuer's JWKS, the role taken from a claim).
 */
public sealed interface ApiAuth {

    /** What a caller may do; an operator may also read. */
    enum Role {
        READER, OPERATOR;

        public boolean allows(Role required) {
            return compareTo(required) >= 0;
        }
    }

    /** The caller's role, or empty when the token is missing, unknown, expired or not signed by the issuer. */
    Optional<Role> roleOf(Optional<String> bearerToken);

    default boolean isOpen() {
        return false;
    }

    record Open() implements ApiAuth {
        @Override
        public Optional<Role> roleOf(Optional<String> bearerToken) {
            return Optional.of(Role.OPERATOR);
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    /** @param roles token → role */
    record StaticTokens(Map<String, Role> roles) implements ApiAuth {
        public StaticTokens {
            roles = Map.copyOf(roles);
        }

        @Override
        public Optional<Role> roleOf(Optional<String> bearerToken) {
            return bearerToken.map(roles::get);
        }
    }

    /** A token is valid when signed by a key of the JWKS, issued by {@code issuer} for {@code audience} and not expired. */
    final class Jwt implements ApiAuth {

        private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        private final String rolesClaim;

        public Jwt(String issuer, String audience, URI jwksUrl, String rolesClaim) {
            JWKSource<SecurityContext> keys;
            try {
                keys = JWKSourceBuilder.create(jwksUrl.toURL()).retrying(true).build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("cnc-twin.http.auth.jwt.jwks-url: expected an http(s) URL, was \"" + jwksUrl + '"', e);
            }
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                    new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp")));
            this.rolesClaim = rolesClaim;
        }

        @Override
        public Optional<Role> roleOf(Optional<String> bearerToken) {
            if (bearerToken.isEmpty()) {
                return Optional.empty();
            }
            try {
                JWTClaimsSet claims = processor.process(bearerToken.get(), null);
                Object value = claims.getClaim(rolesClaim);
                List<?> granted = value instanceof List<?> list ? list : value == null ? List.of() : List.of(String.valueOf(value).split(" "));
                Optional<Role> best = Optional.empty();
                for (Object role : granted) {
                    for (Role known : Role.values()) {
                        if (known.name().equalsIgnoreCase(String.valueOf(role)) && best.map(b -> known.allows(b)).orElse(true)) {
                            best = Optional.of(known);
                        }
                    }
                }
                return best;
            } catch (ParseException | BadJOSEException | JOSEException e) {
                return Optional.empty();
            }
        }
    }

    /** From {@code cnc-twin.http.auth}; a mistake names the key and what was expected. */
    static ApiAuth fromConfig(Config auth) {
        String mode = auth.getString("mode");
        return switch (mode) {
            case "open" -> new Open();
            case "tokens" -> {
                Map<String, Role> roles = new HashMap<>();
                for (Role role : Role.values()) {
                    String key = role.name().toLowerCase(Locale.ROOT) + "-tokens";
                    for (String token : auth.getString(key).split(",")) {
                        if (!token.isBlank()) {
                            roles.put(token.trim(), role);
                        }
                    }
                }
                if (roles.isEmpty()) {
                    throw new IllegalArgumentException("cnc-twin.http.auth: mode \"tokens\" needs reader-tokens or operator-tokens (API_READER_TOKENS, "
                            + "API_OPERATOR_TOKENS), both are empty");
                }
                yield new StaticTokens(roles);
            }
            case "jwt" -> new Jwt(auth.getString("jwt.issuer"), auth.getString("jwt.audience"), URI.create(auth.getString("jwt.jwks-url")),
                    auth.getString("jwt.roles-claim"));
            default -> throw new IllegalArgumentException("cnc-twin.http.auth.mode: expected open, tokens or jwt, was \"" + mode + '"');
        };
    }
}
