/** placeholder */ package io.gatehouse.proxy;
