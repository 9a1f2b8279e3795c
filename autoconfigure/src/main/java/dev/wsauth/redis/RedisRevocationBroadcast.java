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

package dev.wsauth.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.Assert;

import dev.wsauth.revocation.Revocation;
import dev.wsauth.revocation.RevocationBroadcast;
import dev.wsauth.session.DaemonExecutors;

/**
 * A {@link RevocationBroadcast} over a Redis pub/sub channel. Each message carries the
 * publishing node's random id, so a node ignores its own revocations (it applied them
 * before publishing).
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class RedisRevocationBroadcast implements RevocationBroadcast, SmartLifecycle {

	/**
	 * The default channel.
	 */
	public static final String DEFAULT_CHANNEL = "wsauth:revocations";

	private static final Log logger = LogFactory.getLog(RedisRevocationBroadcast.class);

	private static final String VERSION = "1";

	private final String nodeId = UUID.randomUUID().toString();

	private final StringRedisTemplate redis;

	private final RedisConnectionFactory connectionFactory;

	private final String channel;

	private final List<Consumer<Revocation>> listeners = new CopyOnWriteArrayList<>();

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

	private @Nullable RedisMessageListenerContainer container;

	private @Nullable ScheduledExecutorService retries;

	private boolean running;

	private volatile @Nullable Runnable onSubscribed;

	private volatile @Nullable Consumer<Duration> lagListener;

	private volatile boolean subscribed;

	/**
	 * Create a broadcast.
	 * @param connectionFactory the Redis connection factory
	 * @param channel the pub/sub channel
	 */
	public RedisRevocationBroadcast(RedisConnectionFactory connectionFactory, String channel) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		Assert.hasText(channel, "'channel' must not be empty");
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.channel = channel;
	}

	/**
	 * Set what runs each time the channel is (re)subscribed: after a gap in the
	 * subscription, revocations published meanwhile were missed, and the session end
	 * monitor reconciles at once.
	 * @param onSubscribed called on every subscription, or {@code null}
	 */
	public void setOnSubscribed(@Nullable Runnable onSubscribed) {
		this.onSubscribed = onSubscribed;
	}

	/**
	 * Set what is told, for each revocation from another node, how long it took from its
	 * publication to its arrival here (by the two nodes' clocks).
	 * @param lagListener called with each lag, or {@code null}
	 */
	public void setLagListener(@Nullable Consumer<Duration> lagListener) {
		this.lagListener = lagListener;
	}

	/**
	 * Return whether this node is subscribed to the channel now: it receives what other
	 * nodes publish.
	 * @return whether the subscription is up
	 */
	public boolean isSubscribed() {
		RedisMessageListenerContainer container = this.container;
		return this.subscribed && container != null && container.isListening();
	}

	/**
	 * Return the pub/sub channel.
	 * @return the channel name
	 */
	public String getChannel() {
		return this.channel;
	}

	@Override
	public void publish(Revocation revocation) {
		this.redis.convertAndSend(this.channel, encode(this.nodeId, revocation));
	}

	@Override
	public void subscribe(Consumer<Revocation> listener) {
		Assert.notNull(listener, "'listener' must not be null");
		this.listeners.add(listener);
	}

	void receive(String message) {
		Revocation revocation;
		String[] fields = message.split("\n", -1);
		try {
			// A seventh field, the publication time, was added later; it is optional.
			if ((fields.length != 6 && fields.length != 7) || !VERSION.equals(fields[0])) {
				logger.debug("Ignoring a revocation message of an unknown format");
				return;
			}
			if (this.nodeId.equals(fields[1])) {
				return;
			}
			revocation = new Revocation(Revocation.Kind.valueOf(fields[2]), decode(fields[3]),
					Integer.parseInt(fields[4]), decode(fields[5]));
		}
		catch (IllegalArgumentException ex) {
			logger.debug("Ignoring a malformed revocation message");
			return;
		}
		Consumer<Duration> lagListener = this.lagListener;
		if (lagListener != null && fields.length == 7) {
			lagListener.accept(lag(fields[6]));
		}
		for (Consumer<Revocation> listener : this.listeners) {
			try {
				listener.accept(revocation);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not apply a revocation from another node", ex);
			}
		}
	}

	static String encode(String nodeId, Revocation revocation) {
		return String.join("\n", VERSION, nodeId, revocation.kind().name(), encode(revocation.target()),
				Integer.toString(revocation.code()), encode(revocation.reason()),
				Long.toString(System.currentTimeMillis()));
	}

	private static Duration lag(String publishedAt) {
		try {
			return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - Long.parseLong(publishedAt)));
		}
		catch (NumberFormatException ex) {
			return Duration.ZERO;
		}
	}

	private static String encode(String value) {
		return Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	private static String decode(String value) {
		return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.retries = DaemonExecutors.singleThread("wsauth-revocation-subscriber");
		subscribe();
	}

	/**
	 * Subscribe to the channel. Redis being down at startup must not stop the application
	 * (sessions in Redis recover by themselves too), so a failed subscription is retried
	 * in the background until it succeeds or the bean is stopped.
	 */
	private synchronized void subscribe() {
		if (!this.running || this.container != null) {
			return;
		}
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		container.addMessageListener(new Listener(), new ChannelTopic(this.channel));
		try {
			container.afterPropertiesSet();
			container.start();
			this.container = container;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not subscribe to revocations (" + ex.getClass().getName() + "); retrying in "
					+ RETRY_INTERVAL.toSeconds() + "s");
			destroyQuietly(container);
			ScheduledExecutorService retries = this.retries;
			if (retries != null) {
				retries.schedule((Runnable) this::subscribe, RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		ScheduledExecutorService retries = this.retries;
		if (retries != null) {
			retries.shutdownNow();
			this.retries = null;
		}
		RedisMessageListenerContainer container = this.container;
		if (container != null) {
			this.container = null;
			destroyQuietly(container);
		}
		this.subscribed = false;
	}

	private static void destroyQuietly(RedisMessageListenerContainer container) {
		try {
			container.stop();
			container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Failed to stop the revocation listener", ex);
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.running;
	}

	private final class Listener implements MessageListener, SubscriptionListener {

		@Override
		public void onMessage(Message message, byte @Nullable [] pattern) {
			receive(new String(message.getBody(), StandardCharsets.UTF_8));
		}

		@Override
		public void onChannelUnsubscribed(byte[] channel, long count) {
			RedisRevocationBroadcast.this.subscribed = false;
		}

		@Override
		public void onChannelSubscribed(byte[] channel, long count) {
			RedisRevocationBroadcast.this.subscribed = true;
			Runnable onSubscribed = RedisRevocationBroadcast.this.onSubscribed;
			if (onSubscribed != null) {
				onSubscribed.run();
			}
		}

	}

}
