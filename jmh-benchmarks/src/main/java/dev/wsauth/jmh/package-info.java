/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/**
 * JMH micro-benchmarks of the decision wsauth makes for every SUBSCRIBE frame
 * ({@link dev.wsauth.jmh.RuleDecisionBenchmark}), with Spring Security's message matchers
 * on the same rules as a baseline
 * ({@link dev.wsauth.jmh.SpringSecurityMatcherBenchmark}). Build and run from the
 * repository root:
 *
 * <pre>
 * ./mvnw -B -Pbenchmarks -pl jmh-benchmarks -am package -DskipTests
 * java -jar jmh-benchmarks/target/wsauth-jmh.jar RuleDecision -rf json -rff target/jmh.json
 * </pre>
 *
 * Each class makes 24 runs, about three and a half minutes with its own settings (one
 * fork, three warm-up and three measured iterations of a second); JMH's options override
 * them, such as {@code -p rules=10000}, {@code -wi 2 -i 3 -w 1s -r 1s -f 1} or
 * {@code -prof gc}. {@code SpringSecurityMatcher} selects the baseline, and naming
 * neither runs both.
 */
package dev.wsauth.jmh;
