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

package dev.wsauth.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

import dev.wsauth.handshake.OriginPolicy;
import dev.wsauth.topic.DenialMode;
import dev.wsauth.topic.DestinationCommand;

/**
 * Configuration properties for wsauth.
 *
 * @author wsauth
 * @since 0.1.0
 */
@ConfigurationProperties("wsauth")
public class WsAuthProperties implements InitializingBean {

	private static final Duration MAX_ROTATION_GRACE = Duration.ofMinutes(5);

	private static final Duration MAX_TICKET_TIME_TO_LIVE = Duration.ofMinutes(5);

	/**
	 * Whether wsauth secures the application's STOMP endpoints.
	 */
	private boolean enabled = true;

	/**
	 * Origins, besides the application's own, allowed to open sockets and call the
	 * preflight, each written as scheme://host[:port] and compared exactly.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Origin patterns allowed besides the application's own origin, such as
	 * https://*.example.com. Only origins matching a pattern written here are allowed.
	 */
	private List<String> allowedOriginPatterns = new ArrayList<>();

	/**
	 * Whether an upgrade or preflight without an Origin header is accepted. Browsers
	 * always send Origin on WebSocket handshakes and POST requests, so such a request
	 * comes from a non-browser client holding the cookie itself.
	 */
	private boolean allowMissingOrigin = true;

	/**
	 * Whether every WebSocket upgrade in the application must pass the origin policy (403
	 * otherwise), not only those of the STOMP endpoints wsauth secures: raw WebSocket
	 * handlers, the WebSocket transport of other SockJS endpoints, Jakarta server
	 * endpoints.
	 */
	private boolean checkOriginOfAllUpgrades = true;

	private final Preflight preflight = new Preflight();

	private final Client client = new Client();

	private final Authorization authorization = new Authorization();

	private final Receipts receipts = new Receipts();

	private final Limits limits = new Limits();

	private final Session session = new Session();

	private final Ticket ticket = new Ticket();

	private final Token token = new Token();

	private final ConnectAuthentication connectAuthentication = new ConnectAuthentication();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public List<String> getAllowedOriginPatterns() {
		return this.allowedOriginPatterns;
	}

	public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
		this.allowedOriginPatterns = allowedOriginPatterns;
	}

	public boolean isAllowMissingOrigin() {
		return this.allowMissingOrigin;
	}

	public void setAllowMissingOrigin(boolean allowMissingOrigin) {
		this.allowMissingOrigin = allowMissingOrigin;
	}

	public boolean isCheckOriginOfAllUpgrades() {
		return this.checkOriginOfAllUpgrades;
	}

	public void setCheckOriginOfAllUpgrades(boolean checkOriginOfAllUpgrades) {
		this.checkOriginOfAllUpgrades = checkOriginOfAllUpgrades;
	}

	public Preflight getPreflight() {
		return this.preflight;
	}

	public Client getClient() {
		return this.client;
	}

	public Authorization getAuthorization() {
		return this.authorization;
	}

	public Receipts getReceipts() {
		return this.receipts;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Session getSession() {
		return this.session;
	}

	public Ticket getTicket() {
		return this.ticket;
	}

	public Token getToken() {
		return this.token;
	}

	public ConnectAuthentication getConnectAuthentication() {
		return this.connectAuthentication;
	}

	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/**
	 * Check that the properties hold values wsauth can work with, as Spring Boot's own
	 * properties classes do once they are bound.
	 * @throws InvalidWsAuthPropertyException naming the first property that does not
	 */
	public void validate() {
		validateOrigins();
		Duration grace = this.preflight.getRotationGrace();
		check(!grace.isNegative() && grace.compareTo(MAX_ROTATION_GRACE) <= 0, "wsauth.preflight.rotation-grace",
				"must be between 0 and 5m", "Set it to at most 5m; a few seconds cover a reconnect.");
		Duration retention = this.session.getEndedRetention();
		check(retention.toMillis() > 0 && retention.compareTo(grace) >= 0, "wsauth.session.ended-retention",
				"must be positive and at least wsauth.preflight.rotation-grace",
				"Set it to at least the rotation grace; the default is 10m.");
		check(this.session.getCheckInterval().toMillis() >= 10, "wsauth.session.check-interval",
				"must be at least 10ms", "Set it to 10ms or more; the default is 1s.");
		check(this.session.getReconcileInterval().compareTo(this.session.getCheckInterval()) >= 0,
				"wsauth.session.reconcile-interval", "must not be shorter than wsauth.session.check-interval",
				"Set it to at least the check interval; the default is 1m.");
		Duration timeToLive = this.ticket.getTimeToLive();
		check(timeToLive.toMillis() > 0 && timeToLive.compareTo(MAX_TICKET_TIME_TO_LIVE) <= 0,
				"wsauth.ticket.time-to-live", "must be between 1ms and 5m",
				"Set it to at most 5m: a ticket only has to live until the client's upgrade.");
		check(this.connectAuthentication.getMaxPending() > 0, "wsauth.connect-authentication.max-pending",
				"must be positive", "Set it to 1 or more; the default is 1000.");
		check(this.connectAuthentication.getMaxPendingPerAddress() > 0,
				"wsauth.connect-authentication.max-pending-per-address", "must be positive",
				"Set it to 1 or more; the default is 20.");
		check(this.connectAuthentication.getTimeout().toMillis() > 0, "wsauth.connect-authentication.timeout",
				"must be positive", "Set it to a positive duration; the default is 5s.");
		check(this.limits.getSubscriptionsPerConnection() > 0, "wsauth.limits.subscriptions-per-connection",
				"must be positive", "Set it to 1 or more; the default is 1000.");
		checkSize(this.limits.getMessageSize(), "wsauth.limits.message-size", "16640B");
		checkSize(this.limits.getFrameSize(), "wsauth.limits.frame-size", "64KB");
		checkSize(this.limits.getSendBufferSize(), "wsauth.limits.send-buffer-size", "512KB");
		check(this.limits.getSendTimeLimit().toMillis() > 0, "wsauth.limits.send-time-limit", "must be positive",
				"Set it to a positive duration; the default is 10s.");
		Duration reevaluateInterval = this.authorization.getReevaluateInterval();
		check(reevaluateInterval == null || reevaluateInterval.toMillis() >= 100,
				"wsauth.authorization.reevaluate-interval", "must be at least 100ms",
				"Set it to 100ms or more (a minute or so is usual), or leave it unset to turn it off.");
		Integer connectionsPerUser = this.limits.getConnectionsPerUser();
		check(connectionsPerUser == null || connectionsPerUser > 0, "wsauth.limits.connections-per-user",
				"must be positive", "Set it to 1 or more, or leave it unset for no limit.");
		check(StringUtils.hasText(this.limits.getConnectionsRedisKeyPrefix()),
				"wsauth.limits.connections-redis-key-prefix", "must not be empty",
				"Set a prefix; the default is wsauth:connections:.");
		Integer framesPerSecond = this.limits.getFramesPerSecond();
		check(framesPerSecond == null || framesPerSecond > 0, "wsauth.limits.frames-per-second", "must be positive",
				"Set it to 1 or more, or leave it unset for no limit.");
		Integer rate = this.limits.getUpgradesPerAddress().getRate();
		check(rate == null || rate > 0, "wsauth.limits.upgrades-per-address.rate", "must be positive",
				"Set it to 1 or more, or leave it unset for no limit.");
		check(this.limits.getUpgradesPerAddress().getBurst() > 0, "wsauth.limits.upgrades-per-address.burst",
				"must be positive", "Set it to 1 or more; the default is 10.");
		check(this.limits.getUpgradesPerAddress().getMaxAddresses() > 0,
				"wsauth.limits.upgrades-per-address.max-addresses", "must be positive",
				"Set it to 1 or more; the default is 10000.");
		List<Authorization.Rule> rules = this.authorization.getRules();
		for (int i = 0; i < rules.size(); i++) {
			String rule = "wsauth.authorization.rules[" + i + "]";
			check(StringUtils.hasText(rules.get(i).getDestination()), rule + ".destination", "must not be empty",
					"Give the rule a destination pattern, such as /topic/boards.{boardId}.");
			check(StringUtils.hasText(rules.get(i).getAccess()), rule + ".access", "must not be empty",
					"Give the rule an expression, such as isAuthenticated().");
		}
	}

	private void validateOrigins() {
		// Each property on its own first, so that the failure names the one to fix.
		try {
			new OriginPolicy(this.allowedOrigins, List.of(), this.allowMissingOrigin);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWsAuthPropertyException("wsauth.allowed-origins", ex.getMessage(),
					"Write each origin as scheme://host[:port], without a path or a trailing slash.", ex);
		}
		try {
			new OriginPolicy(this.allowedOrigins, this.allowedOriginPatterns, this.allowMissingOrigin);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWsAuthPropertyException("wsauth.allowed-origin-patterns", ex.getMessage(),
					"Use patterns that name a scheme and a host, such as https://*.example.com.", ex);
		}
	}

	private static void checkSize(DataSize size, String property, String defaultSize) {
		check(size.toBytes() > 0 && size.toBytes() <= Integer.MAX_VALUE, property, "must be between 1B and 2GB",
				"Set it to a positive size; the default is " + defaultSize + ".");
	}

	private static void check(boolean valid, String property, String reason, String action) {
		if (!valid) {
			throw new InvalidWsAuthPropertyException(property, reason, action, null);
		}
	}

	/**
	 * One-time ticket properties.
	 */
	public static class Ticket {

		/**
		 * Whether tickets are issued and accepted on the upgrade.
		 */
		private boolean enabled = true;

		/**
		 * Path of the endpoint that issues tickets.
		 */
		private String path = "/__ws/ticket";

		/**
		 * How long a ticket stays valid. At most 5 minutes.
		 */
		private Duration timeToLive = Duration.ofSeconds(30);

		/**
		 * Prefix of the keys tickets are stored under when the store is Redis.
		 */
		private String redisKeyPrefix = "wsauth:ticket:";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

		public String getRedisKeyPrefix() {
			return this.redisKeyPrefix;
		}

		public void setRedisKeyPrefix(String redisKeyPrefix) {
			this.redisKeyPrefix = redisKeyPrefix;
		}

	}

	/**
	 * Bearer token properties. Tokens are checked with the application's resource-server
	 * configuration (its {@code JwtDecoder} or {@code OpaqueTokenIntrospector}).
	 */
	public static class Token {

		/**
		 * Whether bearer tokens are accepted on the upgrade, in the CONNECT frame and on
		 * the ticket endpoint, when the application configures a resource server.
		 */
		private boolean enabled = true;

		/**
		 * How long past its expiry a token keeps its socket open, for clocks that
		 * disagree and refreshes in flight.
		 */
		private Duration expiryGrace = Duration.ZERO;

		/**
		 * How often open sockets are checked for expired tokens.
		 */
		private Duration checkInterval = Duration.ofSeconds(1);

		/**
		 * Whether a client may replace the token of an open socket with a SEND to the
		 * refresh destination carrying an Authorization header.
		 */
		private boolean refreshEnabled = true;

		/**
		 * Destination of the in-band token refresh frame.
		 */
		private String refreshDestination = "/wsauth/token";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getExpiryGrace() {
			return this.expiryGrace;
		}

		public void setExpiryGrace(Duration expiryGrace) {
			this.expiryGrace = expiryGrace;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

		public boolean isRefreshEnabled() {
			return this.refreshEnabled;
		}

		public void setRefreshEnabled(boolean refreshEnabled) {
			this.refreshEnabled = refreshEnabled;
		}

		public String getRefreshDestination() {
			return this.refreshDestination;
		}

		public void setRefreshDestination(String refreshDestination) {
			this.refreshDestination = refreshDestination;
		}

	}

	/**
	 * CONNECT-frame authentication properties.
	 */
	public static class ConnectAuthentication {

		/**
		 * Paths of the STOMP endpoints whose upgrade needs no credentials and whose
		 * CONNECT frame must authenticate the connection, with an Authorization header or
		 * login and passcode headers.
		 */
		private Set<String> endpoints = new LinkedHashSet<>();

		/**
		 * How long a connection may stay open without an authenticated CONNECT frame
		 * before it is closed with 4001.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		/**
		 * Most connections awaiting their CONNECT frame on this node.
		 */
		private int maxPending = 1000;

		/**
		 * Most connections awaiting their CONNECT frame from one remote address.
		 */
		private int maxPendingPerAddress = 20;

		public Set<String> getEndpoints() {
			return this.endpoints;
		}

		public void setEndpoints(Set<String> endpoints) {
			this.endpoints = endpoints;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(int maxPending) {
			this.maxPending = maxPending;
		}

		public int getMaxPendingPerAddress() {
			return this.maxPendingPerAddress;
		}

		public void setMaxPendingPerAddress(int maxPendingPerAddress) {
			this.maxPendingPerAddress = maxPendingPerAddress;
		}

	}

	/**
	 * Session lifecycle properties.
	 */
	public static class Session {

		/**
		 * Whether sockets are closed (STOMP ERROR, then close code 4002) when the HTTP
		 * session they are bound to is logged out, expires or is deleted.
		 */
		private boolean closeOnEnd = true;

		/**
		 * How often sessions that are due are read: those whose sockets just opened and
		 * those past their expiry by last access and max inactive interval. Logout and
		 * deletion close sockets at once; a session that idles out is closed at most this
		 * much (plus one store read) after it expired. Needs Spring Session.
		 */
		private Duration checkInterval = Duration.ofSeconds(1);

		/**
		 * How often the store is asked, batched and as cheaply as it allows (for Redis
		 * one EXISTS per 500 sessions), which sessions of open sockets may have ended, to
		 * heal missed events (a pub/sub disconnect, a session deleted behind wsauth's
		 * back). Needs Spring Session.
		 */
		private Duration reconcileInterval = Duration.ofMinutes(1);

		/**
		 * How long the ids of a logged-out session family are remembered as ended, so
		 * that no request that still holds the session can save it back and no rotation
		 * racing the logout can keep it alive. Must be at least the rotation grace.
		 */
		private Duration endedRetention = Duration.ofMinutes(10);

		/**
		 * Whether inbound frames on a socket keep its HTTP session from idling out. Needs
		 * Spring Session; with plain servlet sessions a socket in use does not extend its
		 * session.
		 */
		private boolean keepAlive = true;

		/**
		 * Shortest time between two writes to the session store that keep one session
		 * alive, however many frames its sockets send.
		 */
		private Duration touchInterval = Duration.ofMinutes(1);

		/**
		 * Whether STOMP heart-beats count as activity that keeps a session alive. An idle
		 * tab sends heart-beats forever, so this keeps its session alive for as long as
		 * the tab is open.
		 */
		private boolean heartbeatsKeepAlive = false;

		/**
		 * Absolute maximum lifetime of a session, counted from its creation, after which
		 * its sockets are closed with 4002 however active they are. Activity never keeps
		 * a session alive past it. Needs Spring Session.
		 */
		private @Nullable Duration maxLifetime;

		private final Revocations revocations = new Revocations();

		public boolean isCloseOnEnd() {
			return this.closeOnEnd;
		}

		public void setCloseOnEnd(boolean closeOnEnd) {
			this.closeOnEnd = closeOnEnd;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

		public Duration getReconcileInterval() {
			return this.reconcileInterval;
		}

		public void setReconcileInterval(Duration reconcileInterval) {
			this.reconcileInterval = reconcileInterval;
		}

		public Duration getEndedRetention() {
			return this.endedRetention;
		}

		public void setEndedRetention(Duration endedRetention) {
			this.endedRetention = endedRetention;
		}

		public boolean isKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(boolean keepAlive) {
			this.keepAlive = keepAlive;
		}

		public Duration getTouchInterval() {
			return this.touchInterval;
		}

		public void setTouchInterval(Duration touchInterval) {
			this.touchInterval = touchInterval;
		}

		public boolean isHeartbeatsKeepAlive() {
			return this.heartbeatsKeepAlive;
		}

		public void setHeartbeatsKeepAlive(boolean heartbeatsKeepAlive) {
			this.heartbeatsKeepAlive = heartbeatsKeepAlive;
		}

		public @Nullable Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(@Nullable Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

		public Revocations getRevocations() {
			return this.revocations;
		}

		/**
		 * Revocation properties.
		 */
		public static class Revocations {

			/**
			 * Whether revocations are published to the other nodes through Redis pub/sub
			 * when the application has a Redis connection factory.
			 */
			private boolean broadcast = true;

			/**
			 * Redis pub/sub channel that carries revocations between nodes.
			 */
			private String channel = "wsauth:revocations";

			public boolean isBroadcast() {
				return this.broadcast;
			}

			public void setBroadcast(boolean broadcast) {
				this.broadcast = broadcast;
			}

			public String getChannel() {
				return this.channel;
			}

			public void setChannel(String channel) {
				this.channel = channel;
			}

		}

	}

	/**
	 * Limits on what one connection may send and hold, each enforced with a documented
	 * close code or denial.
	 */
	public static class Limits {

		/**
		 * Largest text or binary WebSocket message a connection may send (for text, in
		 * characters with the standard WebSocket API). The container closes a larger one
		 * with 1009. The default is Spring's minimum for STOMP, 16 KB plus room for
		 * headers, the size at which STOMP clients split frames.
		 */
		private DataSize messageSize = DataSize.ofBytes(16 * 1024 + 256);

		/**
		 * Largest STOMP frame, assembled from one or more WebSocket messages. A larger
		 * frame, or one whose content-length says it would be larger, gets an ERROR frame
		 * and close 1009. An application's own WebSocketMessageBrokerConfigurer that sets
		 * a message size limit on the transport takes precedence.
		 */
		private DataSize frameSize = DataSize.ofKilobytes(64);

		/**
		 * Largest number of live subscriptions on one connection. A SUBSCRIBE beyond it
		 * is denied with TOO_MANY_SUBSCRIPTIONS and the connection stays open. Each
		 * subscription costs memory in the broker and a frame per matching broadcast, so
		 * the limit bounds what one connection can make the node hold and send; real
		 * clients hold tens.
		 */
		private int subscriptionsPerConnection = 1000;

		/**
		 * Most bytes a connection's outbound frames may queue while the client reads
		 * slowly. Past it, or past the send time limit, the connection is closed with
		 * 4500. An application's own transport configuration takes precedence.
		 */
		private DataSize sendBufferSize = DataSize.ofKilobytes(512);

		/**
		 * Longest time one send to a connection may take before the connection is closed
		 * with 4500, checked when the next frame is queued. An application's own
		 * transport configuration takes precedence.
		 */
		private Duration sendTimeLimit = Duration.ofSeconds(10);

		/**
		 * Most open connections of one user. An upgrade beyond it gets 429 before the
		 * 101. Counted for the whole cluster in Redis when the application has a Redis
		 * connection factory, per node otherwise. Not set: no limit.
		 */
		private @Nullable Integer connectionsPerUser;

		/**
		 * Prefix of the Redis keys that count each user's connections.
		 */
		private String connectionsRedisKeyPrefix = "wsauth:connections:";

		/**
		 * Most STOMP frames per second one connection may send, heart-beats aside; it may
		 * send this many at once, then this many per second. A frame beyond it gets an
		 * ERROR frame and close 4029. Not set: no limit.
		 */
		private @Nullable Integer framesPerSecond;

		private final UpgradesPerAddress upgradesPerAddress = new UpgradesPerAddress();

		public @Nullable Integer getConnectionsPerUser() {
			return this.connectionsPerUser;
		}

		public void setConnectionsPerUser(@Nullable Integer connectionsPerUser) {
			this.connectionsPerUser = connectionsPerUser;
		}

		public String getConnectionsRedisKeyPrefix() {
			return this.connectionsRedisKeyPrefix;
		}

		public void setConnectionsRedisKeyPrefix(String connectionsRedisKeyPrefix) {
			this.connectionsRedisKeyPrefix = connectionsRedisKeyPrefix;
		}

		public @Nullable Integer getFramesPerSecond() {
			return this.framesPerSecond;
		}

		public void setFramesPerSecond(@Nullable Integer framesPerSecond) {
			this.framesPerSecond = framesPerSecond;
		}

		public UpgradesPerAddress getUpgradesPerAddress() {
			return this.upgradesPerAddress;
		}

		public DataSize getMessageSize() {
			return this.messageSize;
		}

		public void setMessageSize(DataSize messageSize) {
			this.messageSize = messageSize;
		}

		public DataSize getFrameSize() {
			return this.frameSize;
		}

		public void setFrameSize(DataSize frameSize) {
			this.frameSize = frameSize;
		}

		public int getSubscriptionsPerConnection() {
			return this.subscriptionsPerConnection;
		}

		public void setSubscriptionsPerConnection(int subscriptionsPerConnection) {
			this.subscriptionsPerConnection = subscriptionsPerConnection;
		}

		public DataSize getSendBufferSize() {
			return this.sendBufferSize;
		}

		public void setSendBufferSize(DataSize sendBufferSize) {
			this.sendBufferSize = sendBufferSize;
		}

		public Duration getSendTimeLimit() {
			return this.sendTimeLimit;
		}

		public void setSendTimeLimit(Duration sendTimeLimit) {
			this.sendTimeLimit = sendTimeLimit;
		}

		/**
		 * Upgrade rate per remote address, on each node.
		 */
		public static class UpgradesPerAddress {

			/**
			 * Upgrades per second one remote address may open on each node, on average.
			 * An upgrade beyond it gets 429 with Retry-After before any credential is
			 * checked. Not set: no limit.
			 */
			private @Nullable Integer rate;

			/**
			 * Upgrades one remote address may open at once before the rate applies.
			 */
			private int burst = 10;

			/**
			 * Most remote addresses remembered on each node; the least recently seen one
			 * is forgotten to make room.
			 */
			private int maxAddresses = 10000;

			public @Nullable Integer getRate() {
				return this.rate;
			}

			public void setRate(@Nullable Integer rate) {
				this.rate = rate;
			}

			public int getBurst() {
				return this.burst;
			}

			public void setBurst(int burst) {
				this.burst = burst;
			}

			public int getMaxAddresses() {
				return this.maxAddresses;
			}

			public void setMaxAddresses(int maxAddresses) {
				this.maxAddresses = maxAddresses;
			}

		}

	}

	/**
	 * STOMP receipt properties.
	 */
	public static class Receipts {

		/**
		 * Whether wsauth answers SUBSCRIBE, UNSUBSCRIBE and SEND frames that carry a
		 * receipt header with a RECEIPT when the application uses the simple broker. A
		 * broker relay answers receipts itself.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Browser client properties.
	 */
	public static class Client {

		/**
		 * Whether the bundled browser client is served at /wsauth/wsauth-client.js (a
		 * revalidated entry module) and /wsauth/wsauth-client.{hash}.js (the immutable
		 * bundle).
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Pre-connect endpoint properties.
	 */
	public static class Preflight {

		/**
		 * Whether the pre-connect endpoint is served.
		 */
		private boolean enabled = true;

		/**
		 * Path of the pre-connect endpoint within the application.
		 */
		private String path = "/__ws/auth";

		/**
		 * Whether an authenticated preflight rotates the session id.
		 */
		private boolean rotate = true;

		/**
		 * How long an old session id keeps leading to its session after a rotation, and
		 * the shortest time between two rotations of one session. At most 5 minutes.
		 */
		private Duration rotationGrace = Duration.ofSeconds(10);

		/**
		 * Largest request body accepted; a larger one is refused with 413 without being
		 * read.
		 */
		private DataSize maxBodySize = DataSize.ofKilobytes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public boolean isRotate() {
			return this.rotate;
		}

		public void setRotate(boolean rotate) {
			this.rotate = rotate;
		}

		public Duration getRotationGrace() {
			return this.rotationGrace;
		}

		public void setRotationGrace(Duration rotationGrace) {
			this.rotationGrace = rotationGrace;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

	}

	/**
	 * Topic authorization properties.
	 */
	public static class Authorization {

		/**
		 * What happens to the connection when a frame is denied: notify keeps it open and
		 * sends a denial notice, close sends an ERROR frame and closes with 4003.
		 */
		private DenialMode denialMode = DenialMode.NOTIFY;

		/**
		 * Destination rules, each a destination pattern and a Spring Security expression.
		 */
		private List<Rule> rules = new ArrayList<>();

		/**
		 * Whether startup fails when a broker destination prefix or a
		 * {@code @MessageMapping} destination is covered by no rule (otherwise a WARN is
		 * logged): frames to it would always be denied.
		 */
		private boolean requireCoverage;

		public boolean isRequireCoverage() {
			return this.requireCoverage;
		}

		public void setRequireCoverage(boolean requireCoverage) {
			this.requireCoverage = requireCoverage;
		}

		/**
		 * Interval at which every connection's live subscriptions are re-evaluated
		 * against the rules and the user's current authentication; those now denied are
		 * dropped. Off when not set.
		 */
		private @Nullable Duration reevaluateInterval;

		/**
		 * Whether a denial notice names the pattern of the rule that denied the frame
		 * (header wsauth-rule and a "rule" field in its body). Meant for development: it
		 * tells every client the shape of the application's destination namespace.
		 */
		private boolean exposeRule;

		public boolean isExposeRule() {
			return this.exposeRule;
		}

		public void setExposeRule(boolean exposeRule) {
			this.exposeRule = exposeRule;
		}

		public @Nullable Duration getReevaluateInterval() {
			return this.reevaluateInterval;
		}

		public void setReevaluateInterval(@Nullable Duration reevaluateInterval) {
			this.reevaluateInterval = reevaluateInterval;
		}

		public DenialMode getDenialMode() {
			return this.denialMode;
		}

		public void setDenialMode(DenialMode denialMode) {
			this.denialMode = denialMode;
		}

		public List<Rule> getRules() {
			return this.rules;
		}

		public void setRules(List<Rule> rules) {
			this.rules = rules;
		}

		/**
		 * A destination rule.
		 */
		public static class Rule {

			/**
			 * Destination pattern, such as /topic/admin or /topic/boards.{boardId}.
			 */
			private @Nullable String destination;

			/**
			 * Frames the rule applies to.
			 */
			private DestinationCommand command = DestinationCommand.SUBSCRIBE;

			/**
			 * Spring Security expression that must be true, such as hasRole('ADMIN').
			 * Destination variables are available as #name.
			 */
			private @Nullable String access;

			public @Nullable String getDestination() {
				return this.destination;
			}

			public void setDestination(@Nullable String destination) {
				this.destination = destination;
			}

			public DestinationCommand getCommand() {
				return this.command;
			}

			public void setCommand(DestinationCommand command) {
				this.command = command;
			}

			public @Nullable String getAccess() {
				return this.access;
			}

			public void setAccess(@Nullable String access) {
				this.access = access;
			}

		}

	}

}
