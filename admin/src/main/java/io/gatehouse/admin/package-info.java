/** placeholder */ package io.gatehouse.admin;
