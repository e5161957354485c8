import type { FastifyReply } from 'fastify';
import { ACCESS_TOKEN_SECONDS, PENDING_TOKEN_SECONDS } from './tokens';
import {
  ACCESS_COOKIE,
  cookieOptions,
  PENDING_COOKIE,
  PORTAL_PENDING_COOKIE,
  REFRESH_COOKIE,
} from './cookies';

export function setSessionCookies(
  reply: FastifyReply,
  secure: boolean,
  tokens: { accessToken: string; refreshToken: string; refreshMaxAge: number },
) {
  reply
    .setCookie(ACCESS_COOKIE, tokens.accessToken, cookieOptions(ACCESS_COOKIE, secure, ACCESS_TOKEN_SECONDS))
    .setCookie(
      REFRESH_COOKIE,
      tokens.refreshToken,
      cookieOptions(REFRESH_COOKIE, secure, tokens.refreshMaxAge),
    )
    .clearCookie(PENDING_COOKIE, cookieOptions(PENDING_COOKIE, secure))
    .clearCookie(PORTAL_PENDING_COOKIE, cookieOptions(PORTAL_PENDING_COOKIE, secure));
}

export function setPendingCookie(reply: FastifyReply, secure: boolean, token: string) {
  reply.setCookie(PENDING_COOKIE, token, cookieOptions(PENDING_COOKIE, secure, PENDING_TOKEN_SECONDS));
}

export function setPortalPendingCookie(reply: FastifyReply, secure: boolean, token: string) {
  reply.setCookie(
    PORTAL_PENDING_COOKIE,
    token,
    cookieOptions(PORTAL_PENDING_COOKIE, secure, PENDING_TOKEN_SECONDS),
  );
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean) {
  for (const name of [ACCESS_COOKIE, REFRESH_COOKIE, PENDING_COOKIE, PORTAL_PENDING_COOKIE] as const) {
    reply.clearCookie(name, cookieOptions(name, secure));
  }
}
